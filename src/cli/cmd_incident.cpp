// crosswalk incident (docs/incidents.md): security and AI incidents, the notifications they owe,
// and one incident's state: notifications made and owed, suggested ones not yet recorded, and
// the corrective actions opened from it.
#include <algorithm>
#include <iostream>

#include "cli/context.h"
#include "cli/register_commands.h"
#include "cli/table.h"
#include "service/incidents.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

void print_incident(const service::IncidentView& v) {
  const d::FieldValues& f = v.incident.fields;
  std::cout << v.incident.id << " " << d::field_text(f, "title") << " ("
            << d::field_text(f, "category") << ", " << d::field_text(f, "severity") << ", "
            << d::field_text(f, "status") << ", detected " << d::field_text(f, "detected_on")
            << ")\n";
  std::vector<std::vector<std::string>> rows{
      {"NOTIFICATION", "STATE", "BASIS", "DUE", "RECIPIENT"}};
  for (const auto& n : v.notifications)
    rows.push_back({n.entry.id, n.state, d::field_text(n.entry.fields, "basis"),
                    d::field_text(n.entry.fields, "due_on"),
                    d::field_text(n.entry.fields, "recipient")});
  for (const d::SuggestedNotification& s : v.unrecorded)
    rows.push_back({"-", "not recorded", s.basis, s.due_on, s.recipient});
  std::cout << "\n";
  print_table(rows);
  for (const d::SuggestedNotification& s : v.unrecorded)
    std::cout << "  " << s.basis << ": " << s.why << "\n";
  if (!v.actions.empty()) {
    std::vector<std::vector<std::string>> actions{{"ACTION", "STATE", "DUE", "TITLE"}};
    for (const auto& a : v.actions)
      actions.push_back({a.entry.id, std::string(d::to_string(a.state)),
                         d::field_text(a.entry.fields, "due_date"),
                         d::field_text(a.entry.fields, "title")});
    std::cout << "\n";
    print_table(actions);
  }
}

void status_command(CLI::App& parent, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand(
      "status",
      "An incident's notifications (made, owed, suggested but not recorded) and corrective "
      "actions; exits 1 when a notification is overdue or a suggested one is not recorded");
  cmd->add_option("INCIDENT", *id, "The incident's id")->required();
  cmd->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::incident_view(*ws.value(), *id, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json)
      ctx.print_json(service::incident_json(v.value()));
    else
      print_incident(v.value());
    const bool overdue = std::any_of(v->notifications.begin(), v->notifications.end(),
                                     [](const auto& n) { return n.state == "overdue"; });
    if (overdue || !v->unrecorded.empty()) ctx.exit_code = kExitCheckFailed;
  });
}

}  // namespace

void register_incident(CLI::App& app, Context& ctx) {
  CLI::App* incident = add_register_commands(
      app, ctx, "incident",
      "Security and AI incidents (ISO 27001 A.5.24-A.5.28, ISO 42001 A.8.4): severity, "
      "timeline, what was affected, notifications, lessons (docs/incidents.md)",
      {"incident", nullptr, nullptr});
  add_register_commands(*incident, ctx, "notification",
                        "Notifications an incident owes: to whom, why, by when, and when sent",
                        {"incident_notification", nullptr, nullptr});
  status_command(*incident, ctx);
}

}  // namespace crosswalk::cli
