#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "cli/context.h"
#include "cli/table.h"
#include "domain/time.h"
#include "service/evidence.h"
#include "service/views.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

void add_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    service::EvidenceInput in;
    std::string collected_at;
  };
  auto args = std::make_shared<Args>();
  CLI::App* add = cmd->add_subcommand("add", "Attach evidence (a file, URL or note) to controls");
  add->add_option("--control", args->in.controls, "Control id (repeat to reuse the evidence)")
      ->required();
  add->add_option("--file", args->in.file, "File stored in the vault by its sha256");
  add->add_option("--url", args->in.url, "Link to evidence kept elsewhere");
  add->add_option("--note", args->in.note, "What the evidence shows");
  add->add_option("--valid-days", args->in.valid_days,
                  "Days the evidence stays valid (default: no expiry)");
  add->add_option("--collected-at", args->collected_at,
                  "When it was collected: YYYY-MM-DD (default: now)");
  add->callback([&ctx, args] {
    if (!args->collected_at.empty()) {
      args->in.collected_at = d::parse_datetime(args->collected_at);
      if (!args->in.collected_at)
        return void(
            ctx.fail(Status::InvalidInput("--collected-at '" + args->collected_at +
                                          "': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")));
    }
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto e = service::add_evidence(*ws.value(), args->in, ctx.actor());
    if (!e.ok()) return void(ctx.fail(e.status()));
    if (ctx.json) return ctx.print_json(service::evidence_json(e.value()));
    std::cout << "Added " << e->id;
    if (!e->sha256.empty())
      std::cout << " (" << e->filename << ", sha256 " << e->sha256.substr(0, 12) << "…)";
    std::cout << " to " << e->controls.size() << " control" << (e->controls.size() == 1 ? "" : "s")
              << "\n";
  });
}

void list_command(CLI::App* cmd, Context& ctx) {
  auto control = std::make_shared<std::string>();
  CLI::App* list = cmd->add_subcommand("list", "List evidence");
  list->add_option("--control", *control, "Only evidence linked to this control");
  list->callback([&ctx, control] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto items = service::list_evidence(*ws.value(), *control);
    if (!items.ok()) return void(ctx.fail(items.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& e : items.value()) out.push_back(service::evidence_json(e));
      return ctx.print_json(out);
    }
    const d::Timestamp now = ctx.now();
    std::vector<std::vector<std::string>> rows{
        {"ID", "KIND", "COLLECTED", "VALID UNTIL", "CONTROLS", "WHAT"}};
    for (const auto& e : items.value()) {
      std::string controls;
      for (const auto& c : e.controls) controls += (controls.empty() ? "" : ",") + c;
      std::string until = e.valid_until ? d::format_date(*e.valid_until) : "-";
      if (e.valid_until && *e.valid_until <= now) until += " (expired)";
      rows.push_back({e.id, e.kind, d::format_date(e.collected_at), until, controls,
                      !e.filename.empty() ? e.filename
                      : !e.url.empty()    ? e.url
                                          : e.note});
    }
    print_table(rows);
  });
}

void review_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string id, review, note;
  };
  auto args = std::make_shared<Args>();
  CLI::App* review = cmd->add_subcommand("review", "Accept or reject an evidence item");
  review->add_option("ID", args->id, "Evidence id")->required();
  review->add_option("REVIEW", args->review, "accepted | rejected")->required();
  review->add_option("--note", args->note, "Why (required when rejecting)");
  review->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    Status s =
        service::review_evidence(*ws.value(), args->id, args->review, args->note, ctx.actor());
    if (!s.ok()) return void(ctx.fail(s));
    if (ctx.json) return ctx.print_json({{"id", args->id}, {"review", args->review}});
    std::cout << args->id << ": " << args->review << "\n";
  });
}

void verify_command(CLI::App* cmd, Context& ctx) {
  CLI::App* verify = cmd->add_subcommand(
      "verify", "Re-hash every stored evidence file; exit 1 if any is missing or altered");
  verify->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto report = service::verify_vault(*ws.value());
    if (!report.ok()) return void(ctx.fail(report.status()));
    if (ctx.json) {
      nlohmann::ordered_json problems = nlohmann::ordered_json::array();
      for (const auto& p : report->problems)
        problems.push_back(
            {{"evidence", p.evidence_id}, {"sha256", p.sha256}, {"problem", p.problem}});
      ctx.print_json(
          {{"ok", report->problems.empty()}, {"checked", report->checked}, {"problems", problems}});
    } else if (report->problems.empty()) {
      std::cout << "vault ok: " << report->checked << " evidence files match their sha256\n";
    }
    for (const auto& p : report->problems)
      if (!ctx.json) std::cerr << "crosswalk: " << p.subject() << ": " << p.problem << "\n";
    if (!report->problems.empty()) ctx.exit_code = kExitCheckFailed;
  });
}

void export_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string id, out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* exp = cmd->add_subcommand(
      "export", "Write an evidence file as stored (checked against its sha256 first)");
  exp->add_option("id", args->id, "The evidence item (EV-…)")->required();
  exp->add_option("--out", args->out, "Where to write it (default: standard output)");
  exp->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto item = ws.value()->store().evidence_item(args->id);
    if (!item.ok()) return void(ctx.fail(item.status()));
    if (!item.value() || item.value()->kind != "file")
      return void(ctx.fail(Status::NotFound("no evidence file '" + args->id + "'")));
    const store::Vault& vault = ws.value()->vault();
    Status checked = vault.verify(item.value()->sha256);
    if (!checked.ok()) return void(ctx.fail(checked.with_context(args->id)));
    auto path = vault.local_file(item.value()->sha256);
    if (!path.ok()) return void(ctx.fail(path.status()));
    if (args->out.empty()) {
      std::ifstream in(path.value(), std::ios::binary);
      if (in.peek() != std::ifstream::traits_type::eof()) std::cout << in.rdbuf();
      return;
    }
    // As every other export: written beside --out, then renamed onto it, so an --out that is a
    // symbolic link is replaced rather than written through, and a failure leaves nothing.
    const std::filesystem::path out(args->out);
    const std::filesystem::path temp =
        (out.has_parent_path() ? out.parent_path() : std::filesystem::path(".")) /
        ("." + out.filename().string() + ".tmp-" + std::to_string(std::random_device()()));
    std::error_code ec;
    std::filesystem::copy_file(path.value(), temp, std::filesystem::copy_options::none, ec);
    if (!ec) std::filesystem::rename(temp, out, ec);
    if (ec) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return void(ctx.fail(Status::IoError(args->out + ": " + ec.message())));
    }
  });
}

}  // namespace

void register_evidence(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("evidence", "Evidence for controls");
  cmd->require_subcommand(1);
  add_command(cmd, ctx);
  list_command(cmd, ctx);
  review_command(cmd, ctx);
  verify_command(cmd, ctx);
  export_command(cmd, ctx);
}

}  // namespace crosswalk::cli
