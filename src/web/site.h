// What every page shares: the layout (navigation, signed-in user, CSRF token), redirects after a
// form, error pages, and the web routes' access to the application.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "http/api.h"
#include "http/router.h"

namespace crosswalk::web {

using json = nlohmann::ordered_json;

// Renders templates/TEMPLATE inside the layout. `nav` names the active menu entry. The page's
// data gets `csrf` (for forms) and `can` (what the caller's role allows) added.
http::Response page(const http::Call& c, const std::string& title, const std::string& nav,
                    const std::string& tmpl, json data, int status = 200);

// The two halves of page(): the page's own part, and the layout around an already rendered part
// (for parts cached with the assessment; such a part must not hold the CSRF token).
std::string render_content(const http::Call& c, const std::string& tmpl, json data);
http::Response page_around(const http::Call& c, const std::string& title, const std::string& nav,
                           std::string content, int status = 200);

http::Response error_page(const http::Call& c, int status, const std::string& title,
                          const std::string& message);
// A failed Status as a page with the matching HTTP status.
http::Response status_page(const http::Call& c, const Status& s);

// The status of a page that shows a refused form again: 409 for a conflict, 403 for a refusal
// by role, 400 otherwise.
int form_refusal_status(const Status& s);

// 303 See Other, the answer to a form post.
http::Response redirect(const std::string& location);

// The form fields of a urlencoded POST (empty when the body is not one).
http::Form form_of(const http::Request& req);

// A query parameter, or "" when absent.
std::string query(const http::Call& c, const char* name);
// ASCII lower case, for case-insensitive search boxes.
std::string lower(std::string s);

// A path on this site that is safe to redirect to after sign-in ("/" otherwise).
std::string local_path(const std::string& next);

// Who did it, for the journal: "web:NAME".
std::string actor_name(const http::Call& c);

// Words for statuses as people read them; CSS classes use domain::to_string.
std::string status_label(domain::RequirementStatus s);
std::string state_label(domain::ControlState s);
std::string implementation_label(domain::Implementation i);

// Registers a page route: GET or POST, a path, the action the role must allow (none: public).
void add_page(http::Api& api, const std::string& method, const std::string& pattern,
              std::optional<domain::Action> action, const std::string& summary, http::RouteFn fn);

}  // namespace crosswalk::web
