// The minutes of a management review as a document (Markdown or PDF): who met when, every input
// of clause 9.3.2 as recorded, the decisions and actions of 9.3.3, and the sign-off.
#pragma once

#include <string>

#include "report/document.h"
#include "service/management_reviews.h"

namespace crosswalk::service {

report::Document review_minutes(const ManagementReviewView& view);
// "minutes-MR-3.pdf" or ".md".
std::string review_minutes_file_name(const ManagementReviewView& view, bool pdf);

}  // namespace crosswalk::service
