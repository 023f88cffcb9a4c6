#include "service/controls.h"

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

Status set_control_owner(Workspace& ws, const std::string& control_id, const std::string& owner,
                         std::optional<std::int64_t> expected_version, const store::Actor& actor) {
  if (owner.size() > 128) return Status::InvalidInput("owner: at most 128 characters");
  for (unsigned char ch : owner)
    if (ch < 0x20 || ch == 0x7f) return Status::InvalidInput("owner: no control characters");
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().set_owner(control_id, owner, expected_version, actor);
}

}  // namespace crosswalk::service
