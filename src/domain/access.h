// Who may do what: the five roles of DESIGN.md and the one table that says what each may do.
// Routes and commands name an Action; nothing else decides access.
#pragma once

#include <optional>
#include <string_view>

namespace crosswalk::domain {

enum class Role { kAdmin, kManager, kContributor, kAuditor, kViewer };

enum class Action {
  kRead,              // frameworks, controls, evidence, readiness, gap, journal
  kExport,            // audit pack, SoA and report exports
  kRaiseFinding,      // audit findings
  kEditControls,      // adopt, edit, set status, link requirements
  kAddEvidence,       // upload and link evidence
  kReviewEvidence,    // accept or reject evidence
  kDecideScope,       // SoA applicability, joint sufficiency, owners
  kManageUsers,       // users and other people's tokens
  kImport,            // push tool results and check results (what import-scoped tokens may do)
  kRunCollectors,     // run a configured collector now
  kManageCollectors,  // configure collectors (they may run commands: administrators only)
  kEditRegisters,     // risks, assets, AI systems, impact assessments, events, suppliers
  kSignOff,           // accept a residual risk, sign off an impact assessment, approve a deployment
  kBackup,            // download a backup of everything, password hashes included (admins)
};

std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);
std::string_view to_string(Action a);

bool allows(Role role, Action action);

}  // namespace crosswalk::domain
