// Administration: user accounts, API tokens (shown once when created), and the journal with its
// verification.
#include "domain/register.h"
#include "domain/time.h"
#include "service/accounts.h"
#include "service/journal_search.h"
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

// What the filter's entity box offers: the kinds of change the journal records.
json journal_entities() {
  json out = json::array();
  for (const char* e :
       {"control", "evidence", "check", "requirement", "soa", "user", "catalog", "signing_key"})
    out.push_back(e);
  for (const auto& k : d::register_kinds()) out.push_back(k.kind);
  return out;
}

http::Response journal_page(http::Api& api, http::Call& c) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto seq = ws.value()->store().journal_seq();
  if (!seq.ok()) return status_page(c, seq.status());
  service::JournalQuery q{query(c, "entity"),
                          query(c, "entity_id"),
                          query(c, "actor"),
                          query(c, "since"),
                          query(c, "until"),
                          0,
                          100};
  if (const std::string b = query(c, "before"); !b.empty()) {
    if (b.size() > 18 || b.find_first_not_of("0123456789") != std::string::npos)
      return error_page(c, 400, "Please check the address", "before: an entry number");
    q.before_seq = std::stoll(b);
  }
  auto filter = service::journal_filter(q);
  if (!filter.ok()) return error_page(c, 400, "Please check the filter", filter.status().message());
  auto entries = ws.value()->store().journal_search(filter.value());
  if (!entries.ok()) return status_page(c, entries.status());
  json rows = json::array();
  for (const auto& e : entries.value())
    rows.push_back({{"seq", e.seq},
                    {"at", e.at},
                    {"actor", e.actor},
                    {"action", e.action},
                    {"entity", e.entity},
                    {"entity_id", e.entity_id},
                    {"hash", e.hash.substr(0, 16)}});
  const bool filtered = !q.entity.empty() || !q.entity_id.empty() || !q.actor.empty() ||
                        !q.since.empty() || !q.until.empty();
  json data = {{"rows", rows},       {"total", seq.value()},     {"filtered", filtered},
               {"entity", q.entity}, {"entity_id", q.entity_id}, {"actor", q.actor},
               {"since", q.since},   {"until", q.until},         {"entities", journal_entities()}};
  if (static_cast<int>(entries->size()) == q.limit && entries->back().seq > 1) {
    std::string older = "/journal?before=" + std::to_string(entries->back().seq);
    for (const auto& [name, value] : {std::pair{"entity", q.entity},
                                      {"entity_id", q.entity_id},
                                      {"actor", q.actor},
                                      {"since", q.since},
                                      {"until", q.until}})
      if (!value.empty()) older += std::string("&") + name + "=" + http::percent_encode(value);
    data["older"] = older;
  }
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

  add_page(api, "GET", "/journal", d::Action::kRead,
           "The journal of every change, filtered by entity, actor and days",
           [&api](http::Call& c) { return journal_page(api, c); });
}

}  // namespace crosswalk::web
