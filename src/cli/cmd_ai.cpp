// `crosswalk ai …`: AI governance. `measure` is in cmd_ai_measure.cpp; here the history of
// measurements and the offline check of a signed measurement document.
#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "domain/time.h"
#include "service/measurements.h"

namespace crosswalk::cli {

void register_ai_measure(CLI::App& ai, Context& ctx);

namespace {

void measurements_command(CLI::App& ai, Context& ctx) {
  struct Args {
    std::string subject;
    int limit = 50;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = ai.add_subcommand("measurements", "The recorded measurements, newest first");
  cmd->add_option("--subject", a->subject, "Only those of this AI system or dataset");
  cmd->add_option("--limit", a->limit, "At most this many (default 50)");
  cmd->callback([&ctx, a] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto list = ws.value()->store().measurements(a->subject, a->limit);
    if (!list.ok()) return void(ctx.fail(list.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& m : list.value()) out.push_back(service::measurement_json(m));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{
        {"ID", "WHEN", "KIND", "SUBJECT", "VERDICT", "EVIDENCE", "SUMMARY"}};
    for (const auto& m : list.value())
      rows.push_back({m.id, domain::format_datetime(m.created_at), m.kind, m.subject, m.verdict,
                      m.evidence_id, m.summary});
    print_table(rows);
  });
}

void verify_command(CLI::App& ai, Context& ctx) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = ai.add_subcommand(
      "verify",
      "Check the signature of a measurement document (an exported evidence file). Exit 1 if it "
      "does not match");
  cmd->add_option("file", *file, "The measurement's JSON document")->required();
  cmd->callback([&ctx, file] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    Status s = service::verify_measurement(*ws.value(), *file);
    if (!s.ok()) {
      std::cerr << "crosswalk: " << s.message() << "\n";
      ctx.exit_code = s.code() == Status::Code::kInvalidInput ? kExitCheckFailed : kExitUsage;
      return;
    }
    std::cout << *file << ": signature valid\n";
  });
}

}  // namespace

void register_ai(CLI::App& app, Context& ctx) {
  CLI::App* ai = app.add_subcommand("ai", "AI governance: measurements of AI systems");
  ai->require_subcommand(1);
  register_ai_measure(*ai, ctx);
  measurements_command(*ai, ctx);
  verify_command(*ai, ctx);
}

}  // namespace crosswalk::cli
