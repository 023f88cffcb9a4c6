// The register kinds described outside register.cpp, one function per area; make_kinds() in
// register.cpp calls them in the order the registers are listed.
#pragma once

#include <vector>

#include "domain/register.h"

namespace crosswalk::domain {

// People in scope, documented information (policies, procedures) with acknowledgements per
// version, and awareness and training courses with completions (clauses 7.2, 7.3, 7.5; A.6.3).
void add_document_and_training_kinds(std::vector<RegisterKind>& kinds);

// Security and AI incidents and the notifications they owe (ISO 27001 A.5.24-A.5.28, ISO 42001
// A.8.4).
void add_incident_kinds(std::vector<RegisterKind>& kinds);

}  // namespace crosswalk::domain
