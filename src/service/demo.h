// `crosswalk serve --demo`: a realistic example organization, so a new user sees a living
// dashboard at once. Northwind Labs builds an AI product (document triage for insurers) and works
// towards both certifications: most security controls run, the AI-specific ones lag, a scan
// fails, a backup test is overdue, some evidence expired or awaits review, and 75 days of history.
#pragma once

#include <string>

#include "service/workspace.h"

namespace crosswalk::service {

struct DemoLogin {
  std::string user = "demo";
  std::string password;  // new at every start: printed once, never stored in clear
  bool seeded = false;   // false: the organization existed already, only the password is new
};

// Seeds the demo organization into an empty workspace (catalog initialized, nothing adopted, no
// users), or, if it holds the demo already, gives the `demo` admin a new password. Refuses a
// workspace with other data, which it must not mix with invented facts.
Result<DemoLogin> prepare_demo(Workspace& ws, domain::Timestamp now);

}  // namespace crosswalk::service
