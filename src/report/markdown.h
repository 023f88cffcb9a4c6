// A Document as CommonMark with GitHub tables. Text cannot break out of its block: line breaks
// in cells and headings become spaces, and Markdown's special characters are escaped.
#pragma once

#include <string>

#include "report/document.h"

namespace crosswalk::report {

std::string to_markdown(const Document& doc);

}  // namespace crosswalk::report
