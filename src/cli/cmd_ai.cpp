// `crosswalk ai …`: AI governance. `measure` is in cmd_ai_measure.cpp; here the AI system
// inventory, impact assessments, life-cycle events, model cards, the history of measurements
// and the offline check of a signed measurement document.
#include <fstream>
#include <iostream>

#include "cli/context.h"
#include "cli/document_output.h"
#include "cli/register_commands.h"
#include "cli/table.h"
#include "domain/time.h"
#include "service/measurements.h"
#include "service/model_card.h"

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

void assessment_risks_command(CLI::App& assess, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = assess.add_subcommand(
      "risks", "Raise an AI risk in the register for each harm of an assessment that has none");
  cmd->add_option("id", *id, "The impact assessment")->required();
  cmd->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto created = service::raise_risks_from_assessment(*ws.value(), *id, ctx.actor());
    if (!created.ok()) return void(ctx.fail(created.status()));
    if (ctx.json) return ctx.print_json({{"created", created.value()}});
    if (created->empty()) std::cout << "every harm already has its risk\n";
    for (const auto& r : created.value()) std::cout << "raised " << r << "\n";
  });
}

void card_command(CLI::App& ai, Context& ctx) {
  struct Args {
    std::string system, version;
    DocumentOutput output;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = ai.add_subcommand(
      "card",
      "A model card of an AI system at one model version, from the records (Markdown or PDF)");
  cmd->add_option("system", a->system, "The AI system's id")->required();
  cmd->add_option("--model-version", a->version, "The model version it documents")->required();
  add_document_options(*cmd, a->output);
  cmd->callback([&ctx, a] {
    if (Status s = check_document_output(a->output); !s.ok()) return void(ctx.fail(s));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto card = service::model_card(*ws.value(), a->system, a->version, ctx.now());
    if (!card.ok()) return void(ctx.fail(card.status()));
    emit_document(ctx, card.value(), a->output);
  });
}

}  // namespace

void register_ai(CLI::App& app, Context& ctx) {
  CLI::App* ai = app.add_subcommand(
      "ai", "AI governance: AI systems, impact assessments, life cycle, measurements");
  ai->require_subcommand(1);
  add_register_commands(*ai, ctx, "system", "The AI system inventory",
                        {"ai_system", nullptr, nullptr});
  CLI::App* assess = add_register_commands(
      *ai, ctx, "assess", "AI system impact assessments (ISO 42001 6.1.4, 8.4; ISO/IEC 42005)",
      {"impact_assessment", nullptr, nullptr});
  assessment_risks_command(*assess, ctx);
  add_register_commands(*ai, ctx, "event",
                        "Life-cycle events of AI systems: who decided, trained, validated, "
                        "approved; a record that is never changed",
                        {"lifecycle_event", nullptr, nullptr});
  card_command(*ai, ctx);
  register_ai_measure(*ai, ctx);
  measurements_command(*ai, ctx);
  verify_command(*ai, ctx);
}

}  // namespace crosswalk::cli
