// crosswalk review: management reviews (docs/management-review.md): the reviews themselves, the
// inputs of clause 9.3.2 drafted from the data, the actions a review decides, and the minutes.
#include <iostream>

#include "cli/context.h"
#include "cli/document_output.h"
#include "cli/register_commands.h"
#include "cli/table.h"
#include "service/management_reviews.h"
#include "service/review_minutes.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

void inputs_command(CLI::App& review, Context& ctx) {
  struct Args {
    std::vector<std::string> frameworks{"iso27001-2022", "iso42001-2023"};
    std::string since;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = review.add_subcommand(
      "inputs",
      "Draft the inputs of clause 9.3.2 from the data, as a new review would be pre-filled");
  cmd->add_option("--frameworks", a->frameworks, "The standards reviewed (default: both)");
  cmd->add_option("--since", a->since,
                  "The start of the period reviewed, YYYY-MM-DD (default: the last review held)");
  cmd->callback([&ctx, a] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto drafts = service::draft_review_inputs(*ws.value(), a->frameworks, a->since, ctx.now());
    if (!drafts.ok()) return void(ctx.fail(drafts.status()));
    const auto required = d::inputs_required(a->frameworks);
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const d::ReviewInput* in : required)
        out.push_back({{"field", in->field},
                       {"title", in->title},
                       {"text", d::field_text(drafts.value(), in->field)}});
      return ctx.print_json(out);
    }
    for (const d::ReviewInput* in : required) {
      const std::string& text = d::field_text(drafts.value(), in->field);
      std::cout << "## " << in->title << "\n"
                << (text.empty() ? "(nothing in the data: the review records it)" : text) << "\n\n";
    }
  });
}

void show_agenda(const service::ManagementReviewView& v) {
  const d::FieldValues& r = v.review.fields;
  std::cout << v.review.id << " " << d::field_text(r, "title") << " (" << d::field_text(r, "status")
            << ", " << d::field_text(r, "meeting_date") << ")\n";
  if (!v.missing.empty()) {
    std::cout << "inputs not yet recorded:";
    for (const std::string& m : v.missing) std::cout << "\n  " << m;
    std::cout << "\n";
  }
  std::vector<std::vector<std::string>> rows{{"ID", "STATE", "DUE", "OWNER", "TITLE"}};
  for (const auto& a : v.actions)
    rows.push_back({a.entry.id, a.state, d::field_text(a.entry.fields, "due_date"),
                    d::field_text(a.entry.fields, "owner"),
                    d::field_text(a.entry.fields, "title")});
  std::cout << "\n";
  print_table(rows);
}

void agenda_command(CLI::App& review, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = review.add_subcommand(
      "agenda", "A review's inputs (which are still missing) and the actions it decided");
  cmd->add_option("REVIEW", *id, "The review's id")->required();
  cmd->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::management_review_view(*ws.value(), *id, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) return ctx.print_json(service::review_json(v.value()));
    show_agenda(v.value());
  });
}

void minutes_command(CLI::App& review, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto output = std::make_shared<DocumentOutput>();
  CLI::App* cmd = review.add_subcommand(
      "minutes", "The minutes: attendees, every input, decisions, actions, sign-off");
  cmd->add_option("REVIEW", *id, "The review's id")->required();
  add_document_options(*cmd, *output);
  cmd->callback([&ctx, id, output] {
    if (Status s = check_document_output(*output); !s.ok()) return void(ctx.fail(s));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::management_review_view(*ws.value(), *id, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    emit_document(ctx, service::review_minutes(v.value()), *output);
  });
}

}  // namespace

void register_review(CLI::App& app, Context& ctx) {
  CLI::App* review = add_register_commands(
      app, ctx, "review",
      "Management reviews (clause 9.3): one agenda for both standards, inputs drafted from the "
      "data, decisions, actions, minutes (docs/management-review.md)",
      {"management_review", nullptr, nullptr});
  add_register_commands(
      *review, ctx, "action", "Actions decided in management reviews",
      {"review_action",
       [&ctx](service::Workspace& ws, const std::vector<store::RegisterEntry>&) {
         auto actions = service::review_actions(ws, ctx.now());
         if (!actions.ok()) return void(std::cerr << "crosswalk: " << actions.status().message());
         std::vector<std::vector<std::string>> rows{
             {"ID", "STATE", "DUE", "OWNER", "REVIEW", "TITLE"}};
         for (const auto& a : actions.value())
           rows.push_back({a.entry.id, a.state, d::field_text(a.entry.fields, "due_date"),
                           d::field_text(a.entry.fields, "owner"),
                           d::field_text(a.entry.fields, "review"),
                           d::field_text(a.entry.fields, "title")});
         print_table(rows);
       },
       [&ctx](service::Workspace& ws) -> Result<nlohmann::ordered_json> {
         auto actions = service::review_actions(ws, ctx.now());
         if (!actions.ok()) return actions.status();
         nlohmann::ordered_json out = nlohmann::ordered_json::array();
         for (const auto& a : actions.value()) out.push_back(service::review_action_json(a));
         return out;
       }});
  inputs_command(*review, ctx);
  agenda_command(*review, ctx);
  minutes_command(*review, ctx);
}

}  // namespace crosswalk::cli
