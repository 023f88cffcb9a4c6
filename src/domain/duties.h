// What people in scope owe: acknowledging a document's approved version (clause 7.5, 7.3) and
// completing a course's current version (7.2, A.6.3). Both are an obligation on job roles with a
// deadline counted from the later of the version's date and the person's start, met by a record
// of that version (and, for courses repeated every N months, a recent enough one).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/register.h"
#include "domain/time.h"

namespace crosswalk::domain {

struct Person {
  std::string id, name;
  std::vector<std::string> job_roles;
  std::string started_on, left_on;  // YYYY-MM-DD or ""
};
Person person_from(const std::string& id, const FieldValues& fields);

struct Obligation {
  std::vector<std::string> audience;  // job roles, or "everyone"
  std::string version;
  std::string since;  // YYYY-MM-DD: when the version became required
  int within_days = 30;
  int repeat_months = 0;  // 0: once per version
};
// A document's acknowledgement duty (nullopt when it has no audience or no approved version, or
// is retired) and a course's training duty (nullopt when retired).
std::optional<Obligation> acknowledgement_obligation(const FieldValues& document);
std::optional<Obligation> training_obligation(const FieldValues& course);

struct Completion {
  std::string person, version, date;  // date YYYY-MM-DD
};

enum class DutyState { kDone, kDue, kOverdue };
const char* duty_state_name(DutyState s);  // done | due | overdue

struct Duty {
  std::string person, name;  // the person's id and name
  DutyState state = DutyState::kDue;
  std::string due_on;   // when it must be (or must again be) done
  std::string done_on;  // the completion that counts, if any
};

// Whether the obligation applies to the person on `today`: one of their job roles is in the
// audience (case-insensitive) or the audience is everyone, and they have not left.
bool applies_to(const Obligation& o, const Person& p, Timestamp today);

// One duty per person the obligation applies to, in the order of `people`.
std::vector<Duty> duties_of(const Obligation& o, const std::vector<Person>& people,
                            const std::vector<Completion>& completions, Timestamp today);

struct DutyCounts {
  int people = 0, done = 0, due = 0, overdue = 0;
};
DutyCounts count_duties(const std::vector<Duty>& duties);

// YYYY-MM-DD plus days or calendar months (the day clamped to the month's end).
std::string add_days(const std::string& day, int days);
std::string add_months(const std::string& day, int months);

}  // namespace crosswalk::domain
