#include "service/controls.h"

#include <regex>
#include <set>

namespace crosswalk::service {

Result<std::vector<std::string>> adopt_templates(Workspace& ws, const std::vector<std::string>& ids,
                                                 bool all, const store::Actor& actor) {
  if (all == !ids.empty())
    return Status::InvalidInput("name the templates to adopt, or pass --all (not both)");
  auto cat = ws.store().load_catalog();
  if (!cat.ok()) return cat.status();
  if (cat->templates.empty())
    return Status::InvalidInput("the database has no catalog yet: run `crosswalk init`");
  std::vector<const domain::ControlTemplate*> chosen;
  if (all) {
    for (const auto& t : cat->templates) chosen.push_back(&t);
  } else {
    for (const std::string& id : ids) {
      const auto* t = cat->find_template(id);
      if (!t)
        return Status::NotFound("unknown control template '" + id +
                                "' (see `crosswalk control templates`)");
      chosen.push_back(t);
    }
  }
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().adopt(chosen, actor);
}

Status set_control_status(Workspace& ws, const std::string& control_id, const std::string& status,
                          std::optional<std::int64_t> expected_version, const store::Actor& actor) {
  auto impl = domain::parse_implementation(status);
  if (!impl)
    return Status::InvalidInput("status '" + status +
                                "' is not one of not-implemented, planned, partial, implemented");
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().set_implementation(control_id, *impl, expected_version, actor);
}

namespace {

bool has_control_chars(const std::string& s, bool allow_newlines) {
  for (unsigned char ch : s)
    if ((ch < 0x20 && !(allow_newlines && (ch == '\n' || ch == '\r' || ch == '\t'))) || ch == 0x7f)
      return true;
  return false;
}

Status check_definition(Workspace& ws, const store::ControlDefinition& def) {
  if (def.title.empty() || def.title.size() > 200 || has_control_chars(def.title, false))
    return Status::InvalidInput("title: 1–200 characters on one line");
  if (def.description.size() > 4000 || has_control_chars(def.description, true))
    return Status::InvalidInput("description: at most 4,000 characters");
  if (def.links.size() > 500) return Status::InvalidInput("requirements: at most 500 links");
  auto cat = ws.store().load_catalog();
  if (!cat.ok()) return cat.status();
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 0; i < def.links.size(); ++i) {
    const domain::RequirementLink& l = def.links[i];
    const std::string where = "requirements[" + std::to_string(i) + "]: ";
    const domain::Framework* f = cat->find_framework(l.framework);
    if (!f) return Status::InvalidInput(where + "unknown framework '" + l.framework + "'");
    if (!f->find(l.ref))
      return Status::InvalidInput(where + f->name + " has no requirement '" + l.ref + "'");
    if (!seen.insert({l.framework, l.ref}).second)
      return Status::InvalidInput(where + l.framework + " " + l.ref + " is listed twice");
  }
  return Status::Ok();
}

}  // namespace

Status create_control(Workspace& ws, const store::ControlDefinition& def,
                      const store::Actor& actor) {
  static const std::regex kId("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
  if (!std::regex_match(def.id, kId))
    return Status::InvalidInput("id '" + def.id +
                                "': use 1–32 of A-Z, a-z, 0-9, '.', '_', '-', starting with a "
                                "letter or digit");
  CW_RETURN_IF_ERROR(check_definition(ws, def));
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().create_control(def, actor);
}

Status define_control(Workspace& ws, const store::ControlDefinition& def,
                      std::optional<std::int64_t> expected_version, const store::Actor& actor) {
  CW_RETURN_IF_ERROR(check_definition(ws, def));
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().define_control(def, expected_version, actor);
}

Status set_control_owner(Workspace& ws, const std::string& control_id, const std::string& owner,
                         std::optional<std::int64_t> expected_version, const store::Actor& actor) {
  if (owner.size() > 128) return Status::InvalidInput("owner: at most 128 characters");
  for (unsigned char ch : owner)
    if (ch < 0x20 || ch == 0x7f) return Status::InvalidInput("owner: no control characters");
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().set_owner(control_id, owner, expected_version, actor);
}

}  // namespace crosswalk::service
