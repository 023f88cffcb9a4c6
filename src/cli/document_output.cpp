#include "cli/document_output.h"

#include <iostream>

#include "common/atomic_file.h"
#include "report/markdown.h"
#include "report/pdf.h"

namespace crosswalk::cli {

bool DocumentOutput::pdf() const {
  return format == "pdf" ||
         (format.empty() && out.size() > 4 && out.compare(out.size() - 4, 4, ".pdf") == 0);
}

void add_document_options(CLI::App& cmd, DocumentOutput& output) {
  cmd.add_option("--out", output.out, "Write it to this file instead of standard output");
  cmd.add_option("--format", output.format,
                 "markdown or pdf (default: pdf for an --out ending in .pdf)")
      ->check(CLI::IsMember({"markdown", "pdf"}));
}

Status check_document_output(const DocumentOutput& output) {
  if (output.pdf() && output.out.empty())
    return Status::InvalidInput("--format pdf writes a file: name it with --out");
  return Status::Ok();
}

void emit_document(Context& ctx, const report::Document& doc, const DocumentOutput& output) {
  if (output.out.empty()) return void(std::cout << report::to_markdown(doc));
  Status s = output.pdf() ? report::write_pdf(doc, output.out)
                          : write_file_atomically(output.out, report::to_markdown(doc));
  if (!s.ok()) return void(ctx.fail(s));
  std::cout << "wrote " << output.out << "\n";
}

}  // namespace crosswalk::cli
