// crosswalk person | document | course (docs/policies-and-training.md): people in scope and their
// job roles; documents with approved versions and who acknowledged them; courses and who
// completed them; and what each person still owes.
#include <iostream>

#include "cli/context.h"
#include "cli/register_commands.h"
#include "cli/table.h"
#include "service/duties.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

void print_duties(const std::vector<d::Duty>& duties) {
  std::vector<std::vector<std::string>> rows{{"PERSON", "NAME", "STATE", "DUE", "DONE"}};
  for (const d::Duty& duty : duties)
    rows.push_back(
        {duty.person, duty.name, d::duty_state_name(duty.state), duty.due_on, duty.done_on});
  print_table(rows);
}

void document_status_command(CLI::App& parent, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand(
      "status", "A document's state, approved versions and who has acknowledged this version");
  cmd->add_option("DOCUMENT", *id, "The document's id")->required();
  cmd->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::document_view(*ws.value(), *id, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) return ctx.print_json(service::document_json(v.value()));
    const d::FieldValues& f = v->document.fields;
    std::cout << v->document.id << " " << d::field_text(f, "title") << ", version "
              << d::field_text(f, "version") << " (" << v->state << ")\n";
    if (!v->next_review.empty()) std::cout << "next review: " << v->next_review << "\n";
    for (const service::ApprovedVersion& a : v->versions)
      std::cout << "approved: version " << a.version << " on " << a.approved_on << " by "
                << a.approved_by << "\n";
    if (d::acknowledgement_obligation(f)) {
      std::cout << "\n";
      print_duties(v->duties);
    }
  });
}

void course_status_command(CLI::App& parent, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand(
      "status", "Who must take the course's current version, and who has, when");
  cmd->add_option("COURSE", *id, "The course's id")->required();
  cmd->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::course_view(*ws.value(), *id, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) return ctx.print_json(service::course_json(v.value()));
    const d::FieldValues& f = v->course.fields;
    std::cout << v->course.id << " " << d::field_text(f, "title") << ", version "
              << d::field_text(f, "version") << " (required from "
              << d::field_text(f, "version_date") << ")\n\n";
    print_duties(v->duties);
  });
}

void overdue_command(CLI::App& parent, Context& ctx) {
  CLI::App* cmd = parent.add_subcommand(
      "overdue",
      "Acknowledgements and courses past their due date, person by person; exits 1 "
      "when there is any");
  cmd->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto a = service::duty_attention(*ws.value(), ctx.now());
    if (!a.ok()) return void(ctx.fail(a.status()));
    if (ctx.json) {
      ctx.print_json(service::duty_attention_json(a.value()));
    } else {
      std::vector<std::vector<std::string>> rows{{"PERSON", "NAME", "OWES", "VERSION", "DUE"}};
      for (const service::OverdueDuty& o : a->overdue)
        rows.push_back(
            {o.person_id, o.person_name, o.what_id + " " + o.what_title, o.version, o.due_on});
      print_table(rows);
      std::cout << a->overdue.size() << " overdue, " << a->due << " due, " << a->done << " done\n";
    }
    if (!a->overdue.empty()) ctx.exit_code = kExitCheckFailed;
  });
}

}  // namespace

void register_documents(CLI::App& app, Context& ctx) {
  CLI::App* person = add_register_commands(
      app, ctx, "person",
      "People in scope and their job roles, which say what they must acknowledge and take",
      {"person", nullptr, nullptr});
  overdue_command(*person, ctx);

  CLI::App* document = add_register_commands(
      app, ctx, "document",
      "Documented information (clause 7.5): policies and procedures with approved versions, a "
      "review cycle and acknowledgements (docs/policies-and-training.md)",
      {"document", nullptr, nullptr});
  add_register_commands(*document, ctx, "ack",
                        "Acknowledgements: who read which approved version, when",
                        {"acknowledgement", nullptr, nullptr});
  document_status_command(*document, ctx);

  CLI::App* course = add_register_commands(
      app, ctx, "course",
      "Awareness and training (clauses 7.2, 7.3; A.6.3): courses, who must take them, who did",
      {"course", nullptr, nullptr});
  add_register_commands(*course, ctx, "record",
                        "Training records: who completed which version of a course, when",
                        {"training_record", nullptr, nullptr});
  course_status_command(*course, ctx);
}

}  // namespace crosswalk::cli
