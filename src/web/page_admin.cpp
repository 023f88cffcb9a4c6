// Administration: user accounts, API tokens (shown once when created), and the journal with its
// verification.
#include "domain/time.h"
#include "service/accounts.h"
#include "service/views.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr const char* kRoles[][2] = {{"viewer", "Viewer: reads everything"},
                                     {"auditor", "Auditor: reads, exports, raises findings"},
                                     {"contributor", "Contributor: adds evidence"},
                                     {"manager", "Manager: edits controls, reviews, decides scope"},
                                     {"admin", "Admin: everything, and users"}};

// The users page; `fresh` carries a token just created (its only showing) or a form error.
http::Response users_page(http::Api& api, const http::Call& c, json extra, int status = 200) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto users = ws.value()->store().users();
  if (!users.ok()) return status_page(c, users.status());
  auto tokens = ws.value()->store().tokens();
  if (!tokens.ok()) return status_page(c, tokens.status());
  json user_rows = json::array(), token_rows = json::array(), names = json::array();
  for (const auto& u : users.value()) {
    json user_roles = json::array();
    for (const auto& [value, label] : kRoles)
      user_roles.push_back(
          {{"value", value}, {"label", value}, {"selected", d::to_string(u.role) == value}});
    user_rows.push_back({{"name", u.name},
                         {"role", d::to_string(u.role)},
                         {"roles", user_roles},
                         {"role_action", "/users/" + u.name + "/role"},
                         {"remove_action", "/users/" + u.name + "/remove"},
                         {"created", d::format_date(u.created_at)},
                         {"you", c.who && c.who->user == u.name}});
    names.push_back({{"name", u.name}});
  }
  const d::Timestamp now = api.now();
  for (const auto& t : tokens.value())
    token_rows.push_back({{"id", t.id},
                          {"user", t.user},
                          {"import_only", t.scope == "import"},
                          {"label", t.label},
                          {"created", d::format_date(t.created_at)},
                          {"expires", t.expires_at ? d::format_date(*t.expires_at) : "never"},
                          {"expired", t.expires_at && *t.expires_at <= now},
                          {"revoke_action", "/tokens/" + t.id + "/revoke"}});
  json roles = json::array();
  for (const auto& [value, label] : kRoles)
    roles.push_back(
        {{"value", value}, {"label", label}, {"selected", std::string(value) == "viewer"}});
  json data = {{"users", user_rows},
               {"tokens", token_rows},
               {"names", names},
               {"roles", roles},
               {"has_tokens", !token_rows.empty()}};
  data.update(extra);
  return page(c, "Users & tokens", "users", "users", std::move(data), status);
}

}  // namespace

void add_admin_pages(http::Api& api) {
  add_page(api, "GET", "/users", d::Action::kManageUsers, "Users and API tokens",
           [&api](http::Call& c) { return users_page(api, c, json::object()); });

  add_page(api, "POST", "/users", d::Action::kManageUsers, "Create a user", [&api](http::Call& c) {
    const http::Form f = form_of(c.request);
    auto ws = api.workspace();
    if (!ws.ok()) return status_page(c, ws.status());
    auto u = service::add_user(*ws.value(), f.get("name"), f.get("role"), f.get("password"),
                               {actor_name(c), api.now()});
    if (!u.ok())
      return users_page(api, c, {{"user_error", u.status().message()}, {"new_name", f.get("name")}},
                        400);
    return redirect("/users");
  });

  add_page(api, "POST", "/users/{name}/role", d::Action::kManageUsers, "Change a user's role",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st =
                 service::set_role(*ws.value(), c.params.at("name"), form_of(c.request).get("role"),
                                   {actor_name(c), api.now()});
             if (!st.ok()) return users_page(api, c, {{"user_error", st.message()}}, 400);
             return redirect("/users");
           });

  add_page(api, "POST", "/users/{name}/remove", d::Action::kManageUsers, "Remove a user",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st =
                 service::remove_user(*ws.value(), c.params.at("name"), {actor_name(c), api.now()});
             if (!st.ok()) return users_page(api, c, {{"user_error", st.message()}}, 400);
             return redirect("/users");
           });

  add_page(
      api, "POST", "/tokens", d::Action::kManageUsers, "Create an API token",
      [&api](http::Call& c) {
        const http::Form f = form_of(c.request);
        std::optional<int> days;
        const std::string v = f.get("expires_days");
        if (!v.empty()) {
          if (v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos)
            return users_page(api, c, {{"token_error", "Expires after: a number of days."}}, 400);
          days = std::stoi(v);
        }
        auto ws = api.workspace();
        if (!ws.ok()) return status_page(c, ws.status());
        const std::string scope = f.get("scope").empty() ? "full" : f.get("scope");
        auto t = service::create_token(*ws.value(), f.get("user"),
                                       f.get("label").empty() ? "web" : f.get("label"), days,
                                       {actor_name(c), api.now()}, scope);
        if (!t.ok()) return users_page(api, c, {{"token_error", t.status().message()}}, 400);
        // The secret is shown in this answer only; it is not stored anywhere.
        return users_page(api, c,
                          {{"new_token", t->secret},
                           {"new_token_user", t->record.user},
                           {"new_token_label", t->record.label}},
                          201);
      });

  add_page(api, "POST", "/tokens/{id}/revoke", d::Action::kManageUsers, "Revoke an API token",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st =
                 service::revoke_token(*ws.value(), c.params.at("id"), {actor_name(c), api.now()});
             if (!st.ok()) return status_page(c, st);
             return redirect("/users#tokens");
           });

  add_page(
      api, "GET", "/journal", d::Action::kRead, "The journal of every change",
      [&api](http::Call& c) {
        auto ws = api.workspace();
        if (!ws.ok()) return status_page(c, ws.status());
        auto seq = ws.value()->store().journal_seq();
        if (!seq.ok()) return status_page(c, seq.status());
        constexpr int kPage = 100;
        std::int64_t before = seq.value() + 1;
        if (auto it = c.request.query.find("before"); it != c.request.query.end()) {
          const std::string& b = it->second;
          if (b.empty() || b.size() > 18 || b.find_first_not_of("0123456789") != std::string::npos)
            return error_page(c, 400, "Please check the address", "before: an entry number");
          before = std::stoll(b);
        }
        const std::int64_t after = std::max<std::int64_t>(0, before - 1 - kPage);
        auto entries = ws.value()->store().journal(after, static_cast<int>(before - 1 - after));
        if (!entries.ok()) return status_page(c, entries.status());
        json rows = json::array();
        for (auto it = entries->rbegin(); it != entries->rend(); ++it)
          rows.push_back({{"seq", it->seq},
                          {"at", it->at},
                          {"actor", it->actor},
                          {"action", it->action},
                          {"entity", it->entity},
                          {"entity_id", it->entity_id},
                          {"hash", it->hash.substr(0, 16)}});
        json data = {{"rows", rows}, {"total", seq.value()}};
        if (after > 0) data["older"] = "/journal?before=" + std::to_string(after + 1);
        if (c.request.query.count("verify")) {
          auto verdict = ws.value()->store().verify_journal();
          if (!verdict.ok()) return status_page(c, verdict.status());
          data["verified"] = true;
          data["verdict_ok"] = verdict->ok;
          data["verdict_entries"] = verdict->entries;
          data["verdict_problem"] = verdict->problem;
          data["verdict_seq"] = verdict->first_bad_seq;
        }
        return page(c, "Journal", "journal", "journal", std::move(data));
      });
}

}  // namespace crosswalk::web
