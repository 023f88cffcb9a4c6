// `crosswalk import FILE` and `crosswalk rules list|test`.
#include <iostream>

#include "cli/context.h"
#include "cli/progress.h"
#include "cli/table.h"
#include "ingest/finding_json.h"
#include "service/import_views.h"
#include "service/imports.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

Result<std::optional<ingest::Format>> format_option(const std::string& s) {
  if (s.empty() || s == "auto") return std::optional<ingest::Format>();
  auto f = ingest::parse_format(s);
  if (!f) return Status::InvalidInput("--format '" + s + "': sarif, ocsf, xccdf, junit or auto");
  return std::optional<ingest::Format>(*f);
}

std::string plural(std::int64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void print_outcome(const service::ImportOutcome& o) {
  const store::ImportRecord& r = o.record;
  std::cout << "Imported " << r.filename << " as " << r.id << " (" << r.format << ", sha256 "
            << r.sha256.substr(0, 12) << "…): " << plural(r.findings, "finding") << ", " << r.failed
            << " failing, " << r.passed << " passing, " << r.errors << " errors, "
            << r.not_applicable << " not applicable, " << r.suppressed << " suppressed; "
            << r.mapped << " mapped to your controls\n";
  if (!o.checks.empty()) {
    std::vector<std::vector<std::string>> rows{{"CONTROL", "OUTCOME", "CHECK", "WHY"}};
    for (const auto& c : o.checks)
      rows.push_back({c.control_id, std::string(d::to_string(c.outcome)), c.name, c.message});
    print_table(rows);
  } else {
    std::cout << "No check result: nothing in this file proves one of your controls.\n";
  }
  for (const auto& w : nlohmann::json::parse(r.warnings_json, nullptr, false))
    if (w.is_string()) std::cerr << "warning: " << w.get<std::string>() << "\n";
}

void import_command(CLI::App& app, Context& ctx) {
  struct Args {
    std::string file, format, scope;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import a tool's results (SARIF, OCSF, XCCDF/ARF, JUnit): findings become check results of "
      "the controls they prove, and the file becomes evidence. Exit 1 if a check failed");
  cmd->add_option("file", args->file, "The tool's output file")->required();
  cmd->add_option("--format", args->format, "sarif, ocsf, xccdf, junit (default: detected)");
  cmd->add_option("--scope", args->scope,
                  "What was scanned (e.g. prod-images): results of different scopes are kept as "
                  "different checks");
  cmd->callback([&ctx, args] {
    auto format = format_option(args->format);
    if (!format.ok()) return void(ctx.fail(format.status()));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    ProgressBar bar("importing");
    service::ImportRequest req;
    req.path = args->file;
    req.format = format.value();
    req.scope = args->scope;
    req.progress = [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); };
    auto out = service::import_results(*ws.value(), req, ctx.actor());
    bar.finish();
    if (!out.ok()) return void(ctx.fail(out.status()));
    if (ctx.json)
      ctx.print_json(service::import_outcome_json(out.value()));
    else
      print_outcome(out.value());
    for (const auto& c : out->checks)
      if (c.outcome == d::CheckOutcome::kFail) ctx.exit_code = kExitCheckFailed;
  });
}

void rules_command(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("rules", "Mapping rules from tools' findings to controls");
  cmd->require_subcommand(1);

  auto list_files = std::make_shared<std::vector<std::string>>();
  CLI::App* list = cmd->add_subcommand("list", "The rules in force (catalog and DATA/rules/)");
  list->add_option("--rules", *list_files, "Another rule file to load (repeatable)");
  list->callback([&ctx, list_files] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto rules = service::load_rules(*ws.value(), *list_files);
    if (!rules.ok()) return void(ctx.fail(rules.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& r : rules->set.rules)
        out.push_back({{"id", r.id},
                       {"source", r.source},
                       {"title", r.title},
                       {"templates", r.templates},
                       {"requirements_from_tags", r.requirements_from_tags},
                       {"clean_run_passes", r.clean_run_passes},
                       {"freshness_days", r.freshness_seconds / d::kSecondsPerDay},
                       {"rationale", r.rationale}});
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{{"RULE", "PROVES", "FRESH", "TITLE"}};
    for (const auto& r : rules->set.rules) {
      std::string proves;
      for (const auto& t : r.templates) proves += (proves.empty() ? "" : ",") + t;
      if (!r.requirements_from_tags.empty())
        proves += (proves.empty() ? "" : ",") + r.requirements_from_tags + " refs";
      rows.push_back(
          {r.id, proves, std::to_string(r.freshness_seconds / d::kSecondsPerDay) + "d", r.title});
    }
    print_table(rows);
    std::cout << rules->set.tables.size() << " reference tables, " << rules->set.translations.size()
              << " translations, " << rules->set.rules.size() << " rules from "
              << rules->files.size() << " files\n";
  });

  struct TestArgs {
    std::string file, format;
    std::vector<std::string> rules;
    std::size_t limit = 20;
  };
  auto targs = std::make_shared<TestArgs>();
  CLI::App* test = cmd->add_subcommand(
      "test", "Show what a tool's output file would map to, without importing it");
  test->add_option("file", targs->file, "The tool's output file")->required();
  test->add_option("--format", targs->format, "sarif, ocsf, xccdf, junit (default: detected)");
  test->add_option("--rules", targs->rules, "A rule file to try besides those in force");
  test->add_option("--limit", targs->limit, "Findings to show one by one (default 20)");
  test->callback([&ctx, targs] {
    auto format = format_option(targs->format);
    if (!format.ok()) return void(ctx.fail(format.status()));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto rules = service::load_rules(*ws.value(), targs->rules);
    if (!rules.ok()) return void(ctx.fail(rules.status()));
    auto report = service::test_rules(rules.value(), targs->file, format.value(), targs->limit);
    if (!report.ok()) return void(ctx.fail(report.status().with_context(targs->file)));
    if (ctx.json) {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& row : report->rows) {
        nlohmann::ordered_json hits = nlohmann::ordered_json::array();
        for (const auto& h : row.hits)
          hits.push_back({{"rule", h.rule->id}, {"template", h.template_id}, {"via", h.via}});
        rows.push_back({{"finding", ingest::finding_to_json(row.finding)}, {"maps_to", hits}});
      }
      nlohmann::ordered_json verdicts = nlohmann::ordered_json::array();
      for (const auto& v : report->verdicts)
        verdicts.push_back({{"rule", v.rule->id},
                            {"template", v.template_id},
                            {"tool", v.tool},
                            {"outcome", d::to_string(v.outcome)},
                            {"message", v.message}});
      return ctx.print_json({{"summary", ingest::summary_to_json(report->summary)},
                             {"unmapped", report->unmapped},
                             {"findings", rows},
                             {"verdicts", verdicts}});
    }
    std::cout << report->summary.findings << " findings in " << report->summary.runs.size()
              << " run(s); " << report->unmapped << " map to no control template\n";
    std::vector<std::vector<std::string>> rows{{"#", "STATUS", "RULE ID", "MAPS TO"}};
    std::size_t n = 0;
    for (const auto& row : report->rows) {
      std::string to;
      for (const auto& h : row.hits)
        to += (to.empty() ? "" : ", ") + h.template_id + " (" + h.rule->id +
              (h.via == "rule" ? "" : " via " + h.via) + ")";
      rows.push_back({std::to_string(++n), std::string(d::to_string(row.finding.status)),
                      row.finding.rule_id, to.empty() ? "-" : to});
    }
    print_table(rows);
    std::cout << "\nCheck results an import would record (per template):\n";
    std::vector<std::vector<std::string>> verdicts{{"TEMPLATE", "OUTCOME", "RULE", "WHY"}};
    for (const auto& v : report->verdicts)
      verdicts.push_back(
          {v.template_id, std::string(d::to_string(v.outcome)), v.rule->id, v.message});
    print_table(verdicts);
  });
}

}  // namespace

void register_import(CLI::App& app, Context& ctx) {
  import_command(app, ctx);
  rules_command(app, ctx);
}

}  // namespace crosswalk::cli
