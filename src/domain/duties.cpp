#include "domain/duties.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace crosswalk::domain {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int integer_or(const FieldValues& f, const std::string& name, int fallback) {
  const std::string& v = field_text(f, name);
  return v.empty() ? fallback : std::atoi(v.c_str());
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

}  // namespace

Person person_from(const std::string& id, const FieldValues& f) {
  return {id, field_text(f, "name"), field_list(f, "job_roles"), field_text(f, "started_on"),
          field_text(f, "left_on")};
}

std::optional<Obligation> acknowledgement_obligation(const FieldValues& doc) {
  if (field_list(doc, "audience").empty() || field_text(doc, "approved_on").empty() ||
      !field_text(doc, "retired_on").empty())
    return std::nullopt;
  return Obligation{field_list(doc, "audience"), field_text(doc, "version"),
                    field_text(doc, "approved_on"), integer_or(doc, "acknowledge_within_days", 30),
                    0};
}

std::optional<Obligation> training_obligation(const FieldValues& course) {
  if (!field_text(course, "retired_on").empty()) return std::nullopt;
  return Obligation{field_list(course, "required_for"), field_text(course, "version"),
                    field_text(course, "version_date"),
                    integer_or(course, "complete_within_days", 30),
                    integer_or(course, "repeat_every_months", 0)};
}

const char* duty_state_name(DutyState s) {
  switch (s) {
    case DutyState::kDone:
      return "done";
    case DutyState::kDue:
      return "due";
    case DutyState::kOverdue:
      return "overdue";
  }
  return "due";
}

bool applies_to(const Obligation& o, const Person& p, Timestamp today) {
  if (!p.left_on.empty() && p.left_on <= format_date(today)) return false;
  for (const std::string& who : o.audience) {
    const std::string role = lower(who);
    if (role == "everyone") return true;
    for (const std::string& r : p.job_roles)
      if (lower(r) == role) return true;
  }
  return false;
}

std::vector<Duty> duties_of(const Obligation& o, const std::vector<Person>& people,
                            const std::vector<Completion>& completions, Timestamp today) {
  const std::string day = format_date(today);
  std::vector<Duty> out;
  for (const Person& p : people) {
    if (!applies_to(o, p, today)) continue;
    Duty duty{p.id, p.name, DutyState::kDue, "", ""};
    for (const Completion& c : completions)
      if (c.person == p.id && c.version == o.version && c.date > duty.done_on)
        duty.done_on = c.date;
    const std::string from = std::max(o.since, p.started_on);
    duty.due_on = add_days(from, o.within_days);
    if (!duty.done_on.empty()) {
      if (o.repeat_months <= 0) {
        duty.state = DutyState::kDone;
        duty.due_on.clear();
      } else {
        // Taken again every N months: done until then, then due again with no grace period.
        duty.due_on = add_months(duty.done_on, o.repeat_months);
        duty.state = duty.due_on < day ? DutyState::kOverdue : DutyState::kDone;
      }
    } else if (duty.due_on < day) {
      duty.state = DutyState::kOverdue;
    }
    out.push_back(duty);
  }
  return out;
}

DutyCounts count_duties(const std::vector<Duty>& duties) {
  DutyCounts n;
  for (const Duty& d : duties) {
    ++n.people;
    if (d.state == DutyState::kDone) ++n.done;
    if (d.state == DutyState::kDue) ++n.due;
    if (d.state == DutyState::kOverdue) ++n.overdue;
  }
  return n;
}

std::string add_days(const std::string& day, int days) {
  auto t = parse_datetime(day);
  if (!t) return day;
  return format_date(*t + static_cast<Timestamp>(days) * kSecondsPerDay);
}

std::string add_months(const std::string& day, int months) {
  if (!parse_datetime(day)) return day;
  int y = std::atoi(day.substr(0, 4).c_str());
  int m = std::atoi(day.substr(5, 2).c_str()) - 1 + months;
  y += m / 12;
  m = m % 12 + 1;
  const int d = std::min(std::atoi(day.substr(8, 2).c_str()), days_in_month(y, m));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace crosswalk::domain
