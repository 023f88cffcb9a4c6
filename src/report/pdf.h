// A Document as an A4 PDF (cairo's PDF surface, text laid out by Pango in DejaVu Sans with the
// used glyphs embedded): wrapped paragraphs, bullet lists, tables whose rows break across pages
// with their header repeated, and a footer with the title and page number.
#pragma once

#include <string>

#include "common/status.h"
#include "report/document.h"

namespace crosswalk::report {

Result<std::string> pdf_bytes(const Document& doc);
// Written beside `path` and renamed over it: a failure (a full disk) leaves no half-written file.
Status write_pdf(const Document& doc, const std::string& path);

}  // namespace crosswalk::report
