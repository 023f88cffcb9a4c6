// The checks register rules share: a refusal naming the field, dates not in the future and in
// order. Dates are YYYY-MM-DD, so their text order is their time order.
#pragma once

#include <string>

#include "common/status.h"
#include "domain/register.h"
#include "domain/time.h"

namespace crosswalk::domain {

inline Status field_error(const std::string& field, const std::string& why) {
  return Status::InvalidInput("field " + field + ": " + why);
}

// The field's date, when set, is not after today.
inline Status date_not_in_future(const FieldValues& f, const std::string& field, Timestamp now) {
  const std::string& day = field_text(f, field);
  if (!day.empty() && day > format_date(now)) return field_error(field, day + " is in the future");
  return Status::Ok();
}

// When both are set, `later` is not before `earlier`: "LATER is before WHAT EARLIER".
inline Status date_not_before(const FieldValues& f, const std::string& later,
                              const std::string& earlier, const std::string& what) {
  const std::string& a = field_text(f, later);
  const std::string& b = field_text(f, earlier);
  if (!a.empty() && !b.empty() && a < b)
    return field_error(later, a + " is before " + what + " " + b);
  return Status::Ok();
}

}  // namespace crosswalk::domain
