#include "domain/enums.h"

#include "domain/finding.h"

#include <array>
#include <utility>

namespace crosswalk::domain {
namespace {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<RequirementKind, 2> kKinds{
    {{RequirementKind::kClause, "clause"}, {RequirementKind::kAnnexA, "annex_a"}}};
constexpr Names<Coverage, 2> kCoverages{
    {{Coverage::kFull, "full"}, {Coverage::kPartial, "partial"}}};
constexpr Names<Implementation, 4> kImplementations{
    {{Implementation::kNotImplemented, "not-implemented"},
     {Implementation::kPlanned, "planned"},
     {Implementation::kPartial, "partial"},
     {Implementation::kImplemented, "implemented"}}};
constexpr Names<ControlState, 5> kControlStates{
    {{ControlState::kOperating, "operating"},
     {ControlState::kFailing, "failing"},
     {ControlState::kStale, "stale"},
     {ControlState::kUnevidenced, "unevidenced"},
     {ControlState::kNotImplemented, "not_implemented"}}};
constexpr Names<RequirementStatus, 4> kStatuses{
    {{RequirementStatus::kMet, "met"},
     {RequirementStatus::kPartlyMet, "partly_met"},
     {RequirementStatus::kNotMet, "not_met"},
     {RequirementStatus::kNotApplicable, "not_applicable"}}};
constexpr Names<Relation, 5> kRelations{{{Relation::kEqual, "equal"},
                                         {Relation::kSubset, "subset"},
                                         {Relation::kSuperset, "superset"},
                                         {Relation::kIntersect, "intersect"},
                                         {Relation::kNone, "none"}}};
constexpr Names<Strength, 5> kStrengths{{{Strength::kFull, "full"},
                                         {Strength::kStrong, "strong"},
                                         {Strength::kPartial, "partial"},
                                         {Strength::kWeak, "weak"},
                                         {Strength::kNone, "none"}}};
constexpr Names<Review, 3> kReviews{{{Review::kPending, "pending"},
                                     {Review::kAccepted, "accepted"},
                                     {Review::kRejected, "rejected"}}};
constexpr Names<CheckOutcome, 3> kOutcomes{{{CheckOutcome::kPass, "pass"},
                                            {CheckOutcome::kFail, "fail"},
                                            {CheckOutcome::kError, "error"}}};
constexpr Names<FindingStatus, 4> kFindingStatuses{
    {{FindingStatus::kPass, "pass"},
     {FindingStatus::kFail, "fail"},
     {FindingStatus::kError, "error"},
     {FindingStatus::kNotApplicable, "not-applicable"}}};

template <typename E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E v) {
  for (const auto& [value, name] : names)
    if (value == v) return name;
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> parse(const Names<E, N>& names, std::string_view s) {
  for (const auto& [value, name] : names)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(RequirementKind v) {
  return name_of(kKinds, v);
}
std::string_view to_string(Coverage v) {
  return name_of(kCoverages, v);
}
std::string_view to_string(Implementation v) {
  return name_of(kImplementations, v);
}
std::string_view to_string(ControlState v) {
  return name_of(kControlStates, v);
}
std::string_view to_string(RequirementStatus v) {
  return name_of(kStatuses, v);
}
std::string_view to_string(Relation v) {
  return name_of(kRelations, v);
}
std::string_view to_string(Strength v) {
  return name_of(kStrengths, v);
}
std::string_view to_string(Review v) {
  return name_of(kReviews, v);
}
std::string_view to_string(CheckOutcome v) {
  return name_of(kOutcomes, v);
}

std::string_view to_string(FindingStatus v) {
  return name_of(kFindingStatuses, v);
}

std::optional<RequirementKind> parse_requirement_kind(std::string_view s) {
  return parse(kKinds, s);
}
std::optional<Coverage> parse_coverage(std::string_view s) {
  return parse(kCoverages, s);
}
std::optional<Implementation> parse_implementation(std::string_view s) {
  return parse(kImplementations, s);
}
std::optional<ControlState> parse_control_state(std::string_view s) {
  return parse(kControlStates, s);
}
std::optional<RequirementStatus> parse_requirement_status(std::string_view s) {
  return parse(kStatuses, s);
}
std::optional<Relation> parse_relation(std::string_view s) {
  return parse(kRelations, s);
}
std::optional<Strength> parse_strength(std::string_view s) {
  return parse(kStrengths, s);
}
std::optional<Review> parse_review(std::string_view s) {
  return parse(kReviews, s);
}
std::optional<CheckOutcome> parse_check_outcome(std::string_view s) {
  return parse(kOutcomes, s);
}

std::optional<FindingStatus> parse_finding_status(std::string_view s) {
  return parse(kFindingStatuses, s);
}

}  // namespace crosswalk::domain
