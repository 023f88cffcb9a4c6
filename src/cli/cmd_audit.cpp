// crosswalk audit: internal audits (docs/audits.md): programmes, audits, the checklist of an
// audit, checks and findings recorded in it, corrective actions, and the audit report.
#include <iostream>

#include "cli/context.h"
#include "cli/document_output.h"
#include "cli/register_commands.h"
#include "cli/table.h"
#include "service/audit_report.h"
#include "service/audits.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

void checklist_command(CLI::App& audit, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto open_only = std::make_shared<bool>(false);
  CLI::App* cmd = audit.add_subcommand(
      "checklist",
      "The requirements an audit covers, with the controls and evidence to sample, the checks "
      "recorded and the findings raised");
  cmd->add_option("AUDIT", *id, "The audit's id")->required();
  cmd->add_flag("--unchecked", *open_only, "Only the requirements not checked yet");
  cmd->callback([&ctx, id, open_only] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::audit_view(*ws.value(), *id, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) return ctx.print_json(service::audit_json(v.value()));
    const d::AuditSummary& s = v->summary;
    std::cout << v->audit.id << " " << d::field_text(v->audit.fields, "title") << " ("
              << d::field_text(v->audit.fields, "status") << "): " << s.checked << " of "
              << s.requirements << " requirements checked, " << s.conforming << " conforming, "
              << s.nonconforming << " nonconforming; findings: " << s.major << " major, " << s.minor
              << " minor, " << s.observations << " observations, " << s.opportunities
              << " opportunities\n\n";
    std::vector<std::vector<std::string>> rows{
        {"REQUIREMENT", "RESULT", "CONTROLS", "EVIDENCE TO SAMPLE", "FINDINGS", "TITLE"}};
    for (const d::ChecklistRow& r : v->rows) {
      if (*open_only && r.result != "not checked") continue;
      std::string controls, evidence, findings;
      for (const auto& c : r.controls) controls += (controls.empty() ? "" : ",") + c.id;
      if (!r.applicable) controls = "excluded";
      for (const auto& e : r.evidence) evidence += (evidence.empty() ? "" : ",") + e.id;
      for (const auto* f : r.findings) findings += (findings.empty() ? "" : ",") + f->id;
      rows.push_back({r.framework + ":" + r.ref, r.result, controls, evidence, findings, r.title});
    }
    print_table(rows);
  });
}

void report_command(CLI::App& audit, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto output = std::make_shared<DocumentOutput>();
  CLI::App* cmd = audit.add_subcommand(
      "report", "The audit report: scope, conclusion, findings, corrective actions, checklist");
  cmd->add_option("AUDIT", *id, "The audit's id")->required();
  add_document_options(*cmd, *output);
  cmd->callback([&ctx, id, output] {
    if (Status s = check_document_output(*output); !s.ok()) return void(ctx.fail(s));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::audit_view(*ws.value(), *id, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    emit_document(ctx, service::audit_report(v.value()), *output);
  });
}

void print_actions(service::Workspace& ws, const std::vector<store::RegisterEntry>&,
                   d::Timestamp now) {
  auto actions = service::corrective_actions(ws, now);
  if (!actions.ok()) {
    std::cerr << "crosswalk: " << actions.status().message() << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{{"ID", "STATE", "DUE", "OWNER", "FINDINGS", "TITLE"}};
  for (const auto& a : actions.value()) {
    std::string findings;
    for (const auto& f : d::field_list(a.entry.fields, "findings"))
      findings += (findings.empty() ? "" : ",") + f;
    rows.push_back(
        {a.entry.id, std::string(d::to_string(a.state)), d::field_text(a.entry.fields, "due_date"),
         d::field_text(a.entry.fields, "owner"), findings, d::field_text(a.entry.fields, "title")});
  }
  print_table(rows);
}

void print_findings(service::Workspace& ws, const std::vector<store::RegisterEntry>&,
                    d::Timestamp now) {
  auto findings = service::audit_findings(ws, now);
  if (!findings.ok()) {
    std::cerr << "crosswalk: " << findings.status().message() << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{{"ID", "TYPE", "STATE", "AUDIT", "ACTIONS", "TITLE"}};
  for (const auto& f : findings.value()) {
    std::string actions;
    for (const auto& a : f.actions) actions += (actions.empty() ? "" : ",") + a;
    rows.push_back({f.entry.id, d::field_text(f.entry.fields, "type"), f.state,
                    d::field_text(f.entry.fields, "audit"), actions,
                    d::field_text(f.entry.fields, "title")});
  }
  print_table(rows);
}

}  // namespace

void register_audit(CLI::App& app, Context& ctx) {
  CLI::App* audit = add_register_commands(
      app, ctx, "audit",
      "Internal audits (clause 9.2): audits, programmes, checklists, checks, findings, "
      "corrective actions, reports (docs/audits.md)",
      {"audit", nullptr, nullptr});
  add_register_commands(*audit, ctx, "programme", "Audit programmes: what is audited when",
                        {"audit_programme", nullptr, nullptr});
  add_register_commands(*audit, ctx, "check",
                        "Checks recorded in an audit: a requirement, the result, the evidence "
                        "sampled",
                        {"audit_check", nullptr, nullptr});
  add_register_commands(
      *audit, ctx, "finding",
      "Audit findings: major or minor nonconformities, observations, opportunities",
      {"audit_finding",
       [&ctx](service::Workspace& ws, const std::vector<store::RegisterEntry>& e) {
         print_findings(ws, e, ctx.now());
       },
       [&ctx](service::Workspace& ws) -> Result<nlohmann::ordered_json> {
         auto findings = service::audit_findings(ws, ctx.now());
         if (!findings.ok()) return findings.status();
         nlohmann::ordered_json out = nlohmann::ordered_json::array();
         for (const auto& f : findings.value()) out.push_back(service::finding_json(f));
         return out;
       }});
  add_register_commands(
      *audit, ctx, "action",
      "Corrective actions (clause 10.2): root cause, action, owner, due date, effectiveness "
      "check, closure",
      {"corrective_action",
       [&ctx](service::Workspace& ws, const std::vector<store::RegisterEntry>& e) {
         print_actions(ws, e, ctx.now());
       },
       [&ctx](service::Workspace& ws) -> Result<nlohmann::ordered_json> {
         auto actions = service::corrective_actions(ws, ctx.now());
         if (!actions.ok()) return actions.status();
         nlohmann::ordered_json out = nlohmann::ordered_json::array();
         for (const auto& a : actions.value()) out.push_back(service::action_json(a));
         return out;
       }});
  checklist_command(*audit, ctx);
  report_command(*audit, ctx);
}

}  // namespace crosswalk::cli
