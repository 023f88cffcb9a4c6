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

// A major or minor nonconformity (audit findings; the others are observations and
// opportunities for improvement).
bool is_nonconformity(const std::string& finding_type);

// The fields that record a sign-off: a risk's acceptance, an assessment's sign-off.
const std::vector<std::string>& sign_off_fields(const RegisterKind& kind);

// A change to what was signed off (an assessment's content; a risk's rating or treatment) while
// the sign-off is left as it was voids it: the sign-off belongs to the version that was read.
// True if `after` must drop its sign-off fields.
bool change_voids_sign_off(const RegisterKind& kind, const FieldValues& before,
                           const FieldValues& after);

}  // namespace crosswalk::domain
