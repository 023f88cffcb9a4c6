// A document as plain structure (headings, paragraphs, bullet lists, tables of text), built by
// the services that write reports (model cards now; the SoA and audit reports later) and
// rendered to Markdown or PDF. Text is plain: each renderer escapes it for its format.
#pragma once

#include <string>
#include <vector>

namespace crosswalk::report {

// One block of a document; which fields it uses depends on its kind. (A plain struct rather than
// a std::variant: GCC 12 warns falsely about moving variants of vectors.)
struct Block {
  enum class Kind { kHeading, kParagraph, kBullets, kTable };
  Kind kind = Kind::kParagraph;
  int level = 2;                               // a heading's: 2 and 3 for sections
  std::string text;                            // a heading's or paragraph's
  std::vector<std::string> items;              // a list's items, or a table's headers
  std::vector<std::vector<std::string>> rows;  // a table's rows
};

struct Document {
  std::string title;       // the first heading, and the PDF's title and running footer
  std::string subtitle;    // a line under the title ("" for none)
  bool landscape = false;  // A4 across, for wide tables (in PDF)
  std::vector<Block> blocks;

  void heading(std::string text, int level = 2) {
    Block& b = add(Block::Kind::kHeading);
    b.level = level;
    b.text = std::move(text);
  }
  void paragraph(std::string text) { add(Block::Kind::kParagraph).text = std::move(text); }
  void bullets(std::vector<std::string> items) {
    add(Block::Kind::kBullets).items = std::move(items);
  }
  void table(std::vector<std::string> headers, std::vector<std::vector<std::string>> rows) {
    Block& b = add(Block::Kind::kTable);
    b.items = std::move(headers);
    b.rows = std::move(rows);
  }

 private:
  Block& add(Block::Kind kind) {
    blocks.emplace_back();
    blocks.back().kind = kind;
    return blocks.back();
  }
};

}  // namespace crosswalk::report
