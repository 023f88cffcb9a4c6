// OSCAL in and out (docs/oscal.md): `framework import|remove` and `export oscal MODEL`.
#include <filesystem>
#include <iostream>

#include "cli/context.h"
#include "common/atomic_file.h"
#include "service/framework_import.h"
#include "service/oscal_export.h"
#include "service/snapshot.h"

namespace crosswalk::cli {

namespace {

void print_list(const char* what, const std::vector<std::string>& refs) {
  if (refs.empty()) return;
  std::cout << what << " (" << refs.size() << "):";
  std::size_t shown = 0;
  for (const auto& r : refs) {
    if (++shown > 40) {
      std::cout << " …";
      break;
    }
    std::cout << " " << r;
  }
  std::cout << "\n";
}

void import_command(CLI::App& framework, Context& ctx) {
  struct Args {
    std::string file;
    service::FrameworkImportOptions options;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = framework.add_subcommand(
      "import",
      "Import an OSCAL catalog or profile (JSON) as a framework, or a newer version of one "
      "imported before: links to requirements that still exist are kept");
  cmd->add_option("FILE", a->file, "The OSCAL catalog or profile")->required();
  cmd->add_option("--id", a->options.framework_id,
                  "Framework id (default: the one a Crosswalk export carries, or from the title)");
  cmd->add_option("--name", a->options.name, "Short name shown in lists (default: the title)");
  cmd->add_option("--catalog", a->options.catalogs,
                  "A local copy of what a profile imports, matched by file name (repeatable)");
  cmd->add_flag("--dry-run", a->options.dry_run, "Read and compare, store nothing");
  cmd->callback([&ctx, a] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto out =
        service::import_framework_file(*ws.value(), a->file, a->options, ctx.actor(), ctx.now());
    if (!out.ok()) return void(ctx.fail(out.status()));
    const auto& r = out->report;
    if (ctx.json)
      return ctx.print_json(service::import_outcome_json(out.value(), a->options.dry_run));
    std::cout << (a->options.dry_run ? "would " : "") << (r.created ? "import" : "update")
              << (a->options.dry_run ? " " : "ed ") << out->framework_id << " from the OSCAL "
              << out->model << ": " << out->requirements << " requirements (" << out->controls
              << " assessable, " << out->withdrawn << " withdrawn)\n";
    if (!r.created) {
      print_list("added", r.added);
      print_list("removed", r.removed);
      print_list("changed", r.changed);
      print_list("links dropped", r.dropped_links);
      if (r.added.empty() && r.removed.empty() && r.changed.empty()) std::cout << "no changes\n";
    }
  });
}

void remove_command(CLI::App& framework, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = framework.add_subcommand(
      "remove", "Remove an imported framework with the links and decisions that name it");
  cmd->add_option("ID", *id, "The imported framework's id")->required();
  cmd->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    Status s = ws.value()->store().remove_framework(*id, ctx.actor());
    if (!s.ok()) return void(ctx.fail(s));
    if (ctx.json) return ctx.print_json({{"removed", *id}});
    std::cout << "removed " << *id << "\n";
  });
}

// Writes the document to `out` atomically, or to standard output when out is "" or "-".
Status emit_text(const std::string& text, const std::string& out) {
  if (out.empty() || out == "-") {
    std::cout << text;
    return Status::Ok();
  }
  return write_file_atomically(out, text).with_context(out);
}

Status emit(const nlohmann::ordered_json& doc, const std::string& out) {
  return emit_text(doc.dump(2) + "\n", out);
}

std::string plan_path_for(const std::string& results) {
  if (results.empty() || results == "-") return "assessment-plan.json";
  auto dot = results.rfind(".json");
  return (dot == std::string::npos ? results : results.substr(0, dot)) + ".plan.json";
}

void export_command(CLI::App& app, Context& ctx) {
  struct Args {
    std::string model, framework, target, source, out, plan;
  };
  auto a = std::make_shared<Args>();
  CLI::App* exp = app.get_subcommand("export");
  CLI::App* cmd = exp->add_subcommand(
      "oscal",
      "An OSCAL 1.2.1 JSON document: catalog (a framework), mapping-collection (the crosswalk), "
      "assessment-results (readiness, with its assessment-plan), poam (open gaps and corrective "
      "actions) or component-definition (the control library)");
  cmd->add_option("MODEL", a->model,
                  "catalog, mapping-collection, assessment-results, poam or "
                  "component-definition")
      ->required()
      ->check(CLI::IsMember(
          {"catalog", "mapping-collection", "assessment-results", "poam", "component-definition"}));
  cmd->add_option("--framework", a->framework, "The framework (catalog, assessment-results, poam)");
  cmd->add_option("--target", a->target, "mapping-collection: the target framework")
      ->default_val("iso42001-2023");
  cmd->add_option("--source", a->source, "mapping-collection: the source framework")
      ->default_val("iso27001-2022");
  cmd->add_option("--out", a->out, "The file to write (default: standard output)");
  cmd->add_option("--plan", a->plan,
                  "assessment-results: where its assessment-plan goes (default: beside --out, "
                  "NAME.plan.json)");
  cmd->callback([&ctx, a] {
    const bool needs_framework =
        a->model == "catalog" || a->model == "assessment-results" || a->model == "poam";
    if (needs_framework && a->framework.empty())
      return void(ctx.fail(Status::InvalidInput("--framework: required for " + a->model)));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    auto& w = *ws.value();
    const auto& s = *snap.value();
    Result<nlohmann::ordered_json> doc = Status::InvalidInput("unknown model");
    if (a->model == "catalog") doc = service::oscal_catalog(w, s, a->framework);
    if (a->model == "mapping-collection") doc = service::oscal_mapping(w, s, a->target, a->source);
    if (a->model == "poam") doc = service::oscal_poam(w, s, a->framework);
    if (a->model == "component-definition") doc = service::oscal_component_definition(w, s);
    if (a->model == "assessment-results") {
      const std::string plan = a->plan.empty() ? plan_path_for(a->out) : a->plan;
      auto assessment = service::oscal_assessment(w, s, a->framework,
                                                  std::filesystem::path(plan).filename().string());
      if (!assessment.ok()) return void(ctx.fail(assessment.status()));
      Status written = emit(assessment->plan, plan);
      if (!written.ok()) return void(ctx.fail(written));
      if (!a->out.empty() && a->out != "-") std::cerr << "wrote " << plan << "\n";
      written = emit_text(assessment->results, a->out);
      if (!written.ok()) return void(ctx.fail(written));
      if (!a->out.empty() && a->out != "-") std::cerr << "wrote " << a->out << "\n";
      return;
    }
    if (!doc.ok()) return void(ctx.fail(doc.status()));
    Status written = emit(doc.value(), a->out);
    if (!written.ok()) return void(ctx.fail(written));
    if (!a->out.empty() && a->out != "-") std::cerr << "wrote " << a->out << "\n";
  });
}

}  // namespace

void register_oscal(CLI::App& app, Context& ctx) {
  CLI::App* framework = app.get_subcommand("framework");
  import_command(*framework, ctx);
  remove_command(*framework, ctx);
  export_command(app, ctx);
}

}  // namespace crosswalk::cli
