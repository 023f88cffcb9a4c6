#include "domain/access.h"

#include <array>

namespace crosswalk::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{
    {{Role::kAdmin, "admin"},
     {Role::kManager, "manager"},
     {Role::kContributor, "contributor"},
     {Role::kAuditor, "auditor"},
     {Role::kViewer, "viewer"}}};

// Rows: actions; columns: admin, manager, contributor, auditor, viewer.
struct Rule {
  Action action;
  std::string_view name;
  std::array<bool, 5> allowed;
};
constexpr std::array<Rule, 14> kPolicy{{
    {Action::kRead, "read", {true, true, true, true, true}},
    {Action::kExport, "export", {true, true, false, true, false}},
    {Action::kRaiseFinding, "raise_finding", {true, true, false, true, false}},
    {Action::kEditControls, "edit_controls", {true, true, true, false, false}},
    {Action::kAddEvidence, "add_evidence", {true, true, true, false, false}},
    {Action::kReviewEvidence, "review_evidence", {true, true, false, false, false}},
    {Action::kDecideScope, "decide_scope", {true, true, false, false, false}},
    {Action::kManageUsers, "manage_users", {true, false, false, false, false}},
    {Action::kImport, "import", {true, true, true, false, false}},
    {Action::kRunCollectors, "run_collectors", {true, true, false, false, false}},
    {Action::kManageCollectors, "manage_collectors", {true, false, false, false, false}},
    {Action::kEditRegisters, "edit_registers", {true, true, true, false, false}},
    {Action::kSignOff, "sign_off", {true, true, false, false, false}},
    {Action::kBackup, "backup", {true, false, false, false, false}},
}};

}  // namespace

std::string_view to_string(Role r) {
  for (const auto& [role, name] : kRoles)
    if (role == r) return name;
  return "?";
}

std::optional<Role> parse_role(std::string_view s) {
  for (const auto& [role, name] : kRoles)
    if (name == s) return role;
  return std::nullopt;
}

std::string_view to_string(Action a) {
  for (const Rule& r : kPolicy)
    if (r.action == a) return r.name;
  return "?";
}

bool allows(Role role, Action action) {
  for (const Rule& r : kPolicy)
    if (r.action == action) return r.allowed[static_cast<std::size_t>(role)];
  return false;
}

}  // namespace crosswalk::domain
