#include "report/markdown.h"

#include <algorithm>
#include <sstream>

namespace crosswalk::report {

namespace {

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' ||
        c == ']' || c == '#' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

void row(std::ostream& out, const std::vector<std::string>& cells) {
  out << "|";
  for (const auto& c : cells) out << " " << escaped(c) << " |";
  out << "\n";
}

}  // namespace

std::string to_markdown(const Document& doc) {
  std::ostringstream out;
  out << "# " << escaped(doc.title) << "\n\n";
  if (!doc.subtitle.empty()) out << escaped(doc.subtitle) << "\n\n";
  for (const Block& b : doc.blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        out << std::string(static_cast<std::size_t>(std::clamp(b.level, 1, 6)), '#') << " "
            << escaped(b.text) << "\n\n";
        break;
      case Block::Kind::kParagraph:
        out << escaped(b.text) << "\n\n";
        break;
      case Block::Kind::kBullets:
        for (const auto& item : b.items) out << "- " << escaped(item) << "\n";
        out << "\n";
        break;
      case Block::Kind::kTable:
        row(out, b.items);
        out << "|";
        for (std::size_t i = 0; i < b.items.size(); ++i) out << "---|";
        out << "\n";
        for (const auto& r : b.rows) row(out, r);
        out << "\n";
        break;
    }
  }
  return out.str();
}

}  // namespace crosswalk::report
