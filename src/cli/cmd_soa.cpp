// crosswalk soa: the Statement of Applicability of one framework or both together, its
// approval, versions and exports.
#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "service/soa.h"
#include "service/soa_export.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

constexpr const char* kScopeHelp =
    "A framework with an Annex A (iso27001-2022, iso42001-2023) or 'combined'";

void print_summary(const service::SoaView& v) {
  const auto j = service::soa_json(v);
  const auto& s = j["summary"];
  std::cout << "Statement of Applicability: " << v.title << "\n"
            << "version " << v.version << " ("
            << (v.is_approved ? "approved by " + v.approved->approved_by + " on " +
                                    d::format_date(v.approved->approved_at)
                              : std::string("draft"))
            << ")";
  if (!v.is_approved && v.approved)
    std::cout << "; changed since version " << v.approved->version << " approved on "
              << d::format_date(v.approved->approved_at);
  std::cout << "\n"
            << s["rows"].get<int>() << " controls: " << s["applicable"].get<int>()
            << " applicable, " << s["excluded"].get<int>() << " excluded; "
            << s["implemented"].get<int>() << " implemented, " << s["partly_implemented"].get<int>()
            << " partly, " << s["not_implemented"].get<int>() << " not implemented\n";
  for (const std::string& b : v.blocking) std::cout << "blocks approval: " << b << "\n";
  if (!v.without_reason.empty())
    std::cout << v.without_reason.size()
              << " applicable controls give no reason for their inclusion (crosswalk requirement "
                 "decide FRAMEWORK REF --reason …)\n";
}

}  // namespace

void register_soa(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "soa", "The Statement of Applicability: show, approve, export, history (docs/soa.md)");
  cmd->require_subcommand(1);

  auto scope = std::make_shared<std::string>("iso27001-2022");
  CLI::App* show = cmd->add_subcommand("show", "Every Annex A control: applicable, why, how far");
  show->add_option("SCOPE", *scope, kScopeHelp)->capture_default_str();
  show->callback([&ctx, scope] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::soa_view(*ws.value(), *scope, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) return ctx.print_json(service::soa_json(v.value()));
    print_summary(v.value());
    std::cout << "\n";
    std::vector<std::vector<std::string>> rows{
        {"CONTROL", "APPLICABLE", "IMPLEMENTATION", "REASONS / JUSTIFICATION", "BY"}};
    for (const d::SoaRow& r : v->rows) {
      std::string why;
      if (!r.applicable) {
        why = r.justification;
      } else {
        for (d::InclusionReason reason : r.reasons)
          why += (why.empty() ? "" : ", ") + std::string(d::to_string(reason));
        for (const d::SoaRisk& risk : r.risks) why += " " + risk.id;
      }
      std::string by;
      for (const d::SoaControl& c : r.controls) by += (by.empty() ? "" : ",") + c.id;
      rows.push_back({(v->frameworks.size() > 1 ? r.framework + " " : "") + r.ref,
                      r.applicable ? "yes" : "no", std::string(d::implementation_label(r)),
                      why.empty() ? "-" : why, by.empty() ? "-" : by});
    }
    print_table(rows);
  });

  auto approve_scope = std::make_shared<std::string>();
  CLI::App* approve = cmd->add_subcommand(
      "approve", "Approve what the SoA says now as its next version (you are the approver)");
  approve->add_option("SCOPE", *approve_scope, kScopeHelp)->required();
  approve->callback([&ctx, approve_scope] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::approve_soa(*ws.value(), *approve_scope, ctx.actor(), ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) return ctx.print_json(service::soa_json(v.value()));
    std::cout << "approved version " << v->version << " of the Statement of Applicability ("
              << v->title << ") by " << v->approved->approved_by << "\n";
  });

  struct ExportArgs {
    std::string scope, format, out;
  };
  auto ex = std::make_shared<ExportArgs>();
  CLI::App* exp = cmd->add_subcommand("export", "Write the SoA as CSV, XLSX or PDF");
  exp->add_option("SCOPE", ex->scope, kScopeHelp)->required();
  exp->add_option("--out,-o", ex->out, "File to write (replaced whole, never half-written)")
      ->required();
  exp->add_option("--format", ex->format, "csv, xlsx or pdf (default: from --out's extension)");
  exp->callback([&ctx, ex] {
    std::string format = ex->format;
    if (format.empty() && ex->out.rfind('.') != std::string::npos)
      format = ex->out.substr(ex->out.rfind('.') + 1);
    auto f = service::parse_soa_format(format);
    if (!f)
      return void(ctx.fail(
          Status::InvalidInput("--format: '" + format + "' is not one of csv, xlsx, pdf")));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::soa_view(*ws.value(), ex->scope, ctx.now());
    if (!v.ok()) return void(ctx.fail(v.status()));
    Status s = service::write_soa(v.value(), *f, ex->out);
    if (!s.ok()) return void(ctx.fail(s));
    if (ctx.json)
      return ctx.print_json({{"file", ex->out},
                             {"format", format},
                             {"version", v->version},
                             {"status", v->is_approved ? "approved" : "draft"},
                             {"rows", v->rows.size()}});
    std::cout << "wrote " << ex->out << " (" << v->rows.size() << " rows, version " << v->version
              << (v->is_approved ? "" : " draft") << ")\n";
  });

  auto history_scope = std::make_shared<std::string>();
  CLI::App* history = cmd->add_subcommand("history", "The approved versions, newest first");
  history->add_option("SCOPE", *history_scope, kScopeHelp)->required();
  history->callback([&ctx, history_scope] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = service::soa_view(*ws.value(), *history_scope, ctx.now());  // checks the scope
    if (!v.ok()) return void(ctx.fail(v.status()));
    auto approvals = ws.value()->store().soa_approvals(*history_scope);
    if (!approvals.ok()) return void(ctx.fail(approvals.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& a : approvals.value())
        out.push_back({{"version", a.version},
                       {"approved_by", a.approved_by},
                       {"approved_at", d::format_datetime(a.approved_at)},
                       {"statement_sha256", a.statement_sha256},
                       {"current", v->is_approved && a.version == v->version}});
      return ctx.print_json(out);
    }
    if (approvals->empty()) {
      std::cout << "never approved (crosswalk soa approve " << *history_scope << ")\n";
      return;
    }
    std::vector<std::vector<std::string>> rows{{"VERSION", "APPROVED BY", "ON", "STATEMENT"}};
    for (const auto& a : approvals.value())
      rows.push_back({std::to_string(a.version) +
                          (v->is_approved && a.version == v->version ? " (current)" : ""),
                      a.approved_by, d::format_date(a.approved_at),
                      a.statement_sha256.substr(0, 16)});
    print_table(rows);
  });
}

}  // namespace crosswalk::cli
