#include "web/site.h"

#include "web/assets.h"
#include "web/render.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

struct NavItem {
  const char* id;
  const char* label;
  const char* href;
  std::optional<d::Action> needs;
};

constexpr NavItem kNav[] = {
    {"dashboard", "Dashboard", "/", std::nullopt},
    {"iso27001-2022", "ISO 27001", "/frameworks/iso27001-2022", std::nullopt},
    {"iso42001-2023", "ISO 42001", "/frameworks/iso42001-2023", std::nullopt},
    {"frameworks", "Frameworks", "/frameworks", std::nullopt},
    {"controls", "Controls", "/controls", std::nullopt},
    {"soa", "SoA", "/soa", std::nullopt},
    {"audits", "Audits", "/registers/audit", std::nullopt},
    {"reviews", "Reviews", "/registers/management_review", std::nullopt},
    {"documents", "Policies", "/registers/document", std::nullopt},
    {"training", "Training", "/registers/course", std::nullopt},
    {"incidents", "Incidents", "/registers/incident", std::nullopt},
    {"evidence", "Evidence", "/evidence", std::nullopt},
    {"imports", "Imports", "/imports", std::nullopt},
    {"findings", "Findings", "/findings", std::nullopt},
    {"collectors", "Collectors", "/collectors", std::nullopt},
    {"risk", "Risks", "/registers/risk", std::nullopt},
    {"ai_system", "AI systems", "/registers/ai_system", std::nullopt},
    {"measurements", "AI measurements", "/measurements", std::nullopt},
    {"registers", "Registers", "/registers", std::nullopt},
    {"journal", "Journal", "/journal", std::nullopt},
    {"users", "Users & tokens", "/users", d::Action::kManageUsers},
    {"backup", "Backup", "/backup", d::Action::kBackup},
};

json can_json(const std::optional<http::Principal>& who) {
  auto allows = [&](d::Action a) { return who && d::allows(who->role, a); };
  return {{"edit", allows(d::Action::kEditControls)},
          {"add_evidence", allows(d::Action::kAddEvidence)},
          {"review", allows(d::Action::kReviewEvidence)},
          {"decide", allows(d::Action::kDecideScope)},
          {"manage_users", allows(d::Action::kManageUsers)},
          {"import", allows(d::Action::kImport)},
          {"run_collectors", allows(d::Action::kRunCollectors)},
          {"manage_collectors", allows(d::Action::kManageCollectors)},
          {"edit_registers", allows(d::Action::kEditRegisters)},
          {"sign_off", allows(d::Action::kSignOff)},
          {"raise_finding", allows(d::Action::kRaiseFinding)},
          {"export", allows(d::Action::kExport)}};
}

}  // namespace

std::string render_content(const http::Call& c, const std::string& tmpl, json data) {
  data["csrf"] = c.who ? c.who->csrf_token : "";
  data["can"] = can_json(c.who);
  return render(tmpl, data);
}

http::Response page_around(const http::Call& c, const std::string& title, const std::string& nav,
                           std::string content, int status) {
  json layout = {{"title", title},
                 {"css", asset_url("app.css")},
                 {"js", asset_url("app.js")},
                 {"icon", asset_url("icon.svg")},
                 {"signed_in", c.who.has_value()},
                 {"csrf", c.who ? c.who->csrf_token : ""}};
  if (c.who) {
    layout["user"] = c.who->user;
    layout["role"] = d::to_string(c.who->role);
    json items = json::array();
    for (const NavItem& n : kNav) {
      if (n.needs && !d::allows(c.who->role, *n.needs)) continue;
      items.push_back({{"label", n.label}, {"href", n.href}, {"active", nav == n.id}});
    }
    layout["nav"] = items;
  }
  layout["content"] = std::move(content);
  return {status, "text/html; charset=utf-8", render("layout", layout), {}};
}

http::Response page(const http::Call& c, const std::string& title, const std::string& nav,
                    const std::string& tmpl, json data, int status) {
  return page_around(c, title, nav, render_content(c, tmpl, std::move(data)), status);
}

http::Response error_page(const http::Call& c, int status, const std::string& title,
                          const std::string& message) {
  return page(c, title, "", "error",
              {{"status", std::to_string(status)}, {"title", title}, {"message", message}}, status);
}

http::Response status_page(const http::Call& c, const Status& s) {
  switch (s.code()) {
    case Status::Code::kNotFound:
      return error_page(c, 404, "Not found", s.message());
    case Status::Code::kConflict:
      return error_page(c, 409, "Someone else changed this first", s.message());
    case Status::Code::kInvalidInput:
      return error_page(c, 400, "Please check what you entered", s.message());
    case Status::Code::kPermissionDenied:
      return error_page(c, 403, "Not allowed", s.message());
    case Status::Code::kBusy:
      return error_page(c, 503, "The database is busy", s.message() + " Try again in a moment.");
    case Status::Code::kUnavailable:
      return error_page(c, 503, "The database cannot be reached", s.message());
    default:
      return error_page(c, 500, "Something went wrong", s.message());
  }
}

int form_refusal_status(const Status& s) {
  switch (s.code()) {
    case Status::Code::kConflict:
      return 409;
    case Status::Code::kPermissionDenied:
      return 403;
    default:
      return 400;
  }
}

http::Response redirect(const std::string& location) {
  http::Response r{303, "text/plain; charset=utf-8", "", {}};
  r.headers.emplace_back("Location", location);
  return r;
}

http::Form form_of(const http::Request& req) {
  http::Form form;
  const std::string* type = req.header("content-type");
  if (type && type->rfind("application/x-www-form-urlencoded", 0) == 0) parse_form(req.body, form);
  return form;
}

std::string query(const http::Call& c, const char* name) {
  auto it = c.request.query.find(name);
  return it == c.request.query.end() ? std::string() : it->second;
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string local_path(const std::string& next) {
  // "//host" and "/\host" are other sites to a browser.
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  for (unsigned char ch : next)
    if (ch < 0x20 || ch == 0x7f) return "/";
  return next;
}

std::string status_label(d::RequirementStatus s) {
  switch (s) {
    case d::RequirementStatus::kMet:
      return "Met";
    case d::RequirementStatus::kPartlyMet:
      return "Partly met";
    case d::RequirementStatus::kNotMet:
      return "Not met";
    case d::RequirementStatus::kNotApplicable:
      return "Not applicable";
  }
  return "";
}

std::string state_label(d::ControlState s) {
  switch (s) {
    case d::ControlState::kOperating:
      return "Operating";
    case d::ControlState::kFailing:
      return "Failing";
    case d::ControlState::kStale:
      return "Stale";
    case d::ControlState::kUnevidenced:
      return "No evidence";
    case d::ControlState::kNotImplemented:
      return "Not implemented";
  }
  return "";
}

std::string implementation_label(d::Implementation i) {
  switch (i) {
    case d::Implementation::kNotImplemented:
      return "Not implemented";
    case d::Implementation::kPlanned:
      return "Planned";
    case d::Implementation::kPartial:
      return "Partly implemented";
    case d::Implementation::kImplemented:
      return "Implemented";
  }
  return "";
}

std::string actor_name(const http::Call& c) {
  return "web:" + (c.who ? c.who->user : "");
}

void add_page(http::Api& api, const std::string& method, const std::string& pattern,
              std::optional<domain::Action> action, const std::string& summary, http::RouteFn fn) {
  http::Route r{method, pattern, action, summary, std::move(fn)};
  r.page = true;
  api.mutable_router().add(std::move(r));
}

}  // namespace crosswalk::web
