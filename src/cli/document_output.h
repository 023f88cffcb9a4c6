// Commands that write a document (model card, audit report, review minutes): --out and --format,
// Markdown on standard output or a Markdown or PDF file written atomically.
#pragma once

#include <string>

#include "cli/context.h"
#include "report/document.h"

namespace crosswalk::cli {

struct DocumentOutput {
  std::string out, format;
  bool pdf() const;  // --format pdf, or an --out ending in .pdf
};

void add_document_options(CLI::App& cmd, DocumentOutput& output);
// Refuses a PDF to standard output; checked before anything is read.
Status check_document_output(const DocumentOutput& output);
// Prints the Markdown, or writes the file and says so; a failure is reported through ctx.
void emit_document(Context& ctx, const report::Document& doc, const DocumentOutput& output);

}  // namespace crosswalk::cli
