// The rules of documented information (clause 7.5): people in scope, documents approved per
// version and reviewed on a cycle, acknowledgements of an approved version, courses and the
// training records that complete them.
#pragma once

#include <string>

#include "common/status.h"
#include "domain/register.h"
#include "domain/time.h"

namespace crosswalk::domain {

Status check_person(const FieldValues& person, Timestamp now);
Status check_document(const FieldValues& document, Timestamp now);
Status check_course(const FieldValues& course, Timestamp now);

// An approved version is fixed: changing what it says (title, type, summary, where it is kept,
// its files, the change note) needs a new version, which needs approval again.
Status check_document_revision(const FieldValues& before, const FieldValues& after);

// An acknowledgement is of the document's approved version, on or after its approval, while the
// document is in force. `ack` has its version filled in.
Status check_acknowledgement(const FieldValues& ack, const std::string& document_id,
                             const FieldValues& document);

// draft (no approved version), approved, review-due (the review cycle has passed since the
// approval or the last review), retired.
std::string document_state(const FieldValues& document, Timestamp today);
// The date of the next review: the later of approval and last review plus the cycle; "" for a
// draft or retired document.
std::string document_next_review(const FieldValues& document);

}  // namespace crosswalk::domain
