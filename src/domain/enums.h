// Closed vocabularies of the domain, with their one spelling used in every output and input.
#pragma once

#include <optional>
#include <string_view>

namespace crosswalk::domain {

enum class RequirementKind { kClause, kAnnexA };
enum class Coverage { kFull, kPartial };
// How far an organization says it has implemented a control.
enum class Implementation { kNotImplemented, kPlanned, kPartial, kImplemented };
// Whether a control works, derived from implementation, evidence and checks.
enum class ControlState { kOperating, kFailing, kStale, kUnevidenced, kNotImplemented };
enum class RequirementStatus { kMet, kPartlyMet, kNotMet, kNotApplicable };
// Read from the target side: "target RELATION source" (NIST IR 8477).
enum class Relation { kEqual, kSubset, kSuperset, kIntersect, kNone };
enum class Strength { kFull, kStrong, kPartial, kWeak, kNone };
enum class Review { kPending, kAccepted, kRejected };
enum class CheckOutcome { kPass, kFail, kError };

std::string_view to_string(RequirementKind v);
std::string_view to_string(Coverage v);
std::string_view to_string(Implementation v);
std::string_view to_string(ControlState v);
std::string_view to_string(RequirementStatus v);
std::string_view to_string(Relation v);
std::string_view to_string(Strength v);
std::string_view to_string(Review v);
std::string_view to_string(CheckOutcome v);

std::optional<RequirementKind> parse_requirement_kind(std::string_view s);
std::optional<Coverage> parse_coverage(std::string_view s);
std::optional<Implementation> parse_implementation(std::string_view s);
std::optional<ControlState> parse_control_state(std::string_view s);
std::optional<RequirementStatus> parse_requirement_status(std::string_view s);
std::optional<Relation> parse_relation(std::string_view s);
std::optional<Strength> parse_strength(std::string_view s);
std::optional<Review> parse_review(std::string_view s);
std::optional<CheckOutcome> parse_check_outcome(std::string_view s);

}  // namespace crosswalk::domain
