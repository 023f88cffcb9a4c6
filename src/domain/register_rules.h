// The rules of each register kind beyond its field types (risk rules are in risk.h).
#pragma once

#include "common/status.h"
#include "domain/register.h"
#include "domain/risk.h"
#include "domain/time.h"

namespace crosswalk::domain {

// `matrix` is the risk's matrix (used for kind "risk" only). Fields must be normalized.
Status check_register_entry(const RegisterKind& kind, const FieldValues& fields,
                            const RiskMatrix& matrix, Timestamp now);

// A change to an entry that was signed off (an impact assessment) reopens it: the sign-off
// belongs to the version that was read. True if `after` must drop its sign-off.
bool change_voids_sign_off(const RegisterKind& kind, const FieldValues& before,
                           const FieldValues& after);

}  // namespace crosswalk::domain
