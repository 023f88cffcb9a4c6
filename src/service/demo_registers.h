// The demo organization's registers (Northwind Labs, a claims-triage AI product): assets,
// suppliers, the AI system, an impact assessment, life-cycle events, and security and AI risks
// treated by its controls, so that the risk pages and the model card have something to show.
#pragma once

#include <functional>

#include "common/status.h"
#include "domain/register.h"
#include "service/workspace.h"

namespace crosswalk::service {

// One entry the demo adds: its kind, who adds it, on which day of the demo, with which fields.
struct DemoSeed {
  const char* kind;
  const char* actor;
  int day;
  domain::FieldValues fields;
};

// `at(day, hour)` is the demo's clock; entries are dated over its first weeks.
Status seed_demo_registers(Workspace& ws, const std::function<domain::Timestamp(int, int)>& at);
// People, documents and acknowledgements, courses and training records, incidents
// (demo_people.cpp); seed_demo_registers calls it.
Status seed_demo_people(Workspace& ws, const std::function<domain::Timestamp(int, int)>& at);

}  // namespace crosswalk::service
