#include "ingest/importer.h"

#include <cctype>
#include <fstream>

#include "common/utf8.h"

namespace crosswalk::ingest {

std::string_view to_string(Format f) {
  switch (f) {
    case Format::kSarif:
      return "sarif";
    case Format::kOcsf:
      return "ocsf";
    case Format::kXccdf:
      return "xccdf";
    case Format::kJunit:
      return "junit";
  }
  return "?";
}

std::optional<Format> parse_format(std::string_view s) {
  for (Format f : {Format::kSarif, Format::kOcsf, Format::kXccdf, Format::kJunit})
    if (s == to_string(f)) return f;
  return std::nullopt;
}

Result<ImportSummary> import_file(const std::string& path, Format format, const FindingSink& sink,
                                  const ImportOptions& options) {
  switch (format) {
    case Format::kSarif:
      return import_sarif(path, sink, options);
    case Format::kOcsf:
      return import_ocsf(path, sink, options);
    case Format::kXccdf:
      return import_xccdf(path, sink, options);
    case Format::kJunit:
      return import_junit(path, sink, options);
  }
  return Status::InvalidInput("unknown format");
}

namespace {

bool contains(std::string_view head, std::string_view what) {
  return head.find(what) != std::string_view::npos;
}

// The name of the first element, after the XML declaration, comments and a DOCTYPE. It ends at
// the first byte that cannot be part of a name (at most 100 bytes), so that a message can quote
// it: raw bytes there (a NUL, invalid UTF-8) would make the message itself invalid.
std::string xml_root_name(std::string_view head) {
  std::size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (head.substr(i, 2) == "<?" || head.substr(i, 2) == "<!") {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < head.size() && end - i <= 100) {
      const auto c = static_cast<unsigned char>(head[end]);
      if (c >= 0x80) {
        const std::size_t len = utf8_sequence(head, end);
        if (len == 0) break;
        end += len;
      } else if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':') {
        ++end;
      } else {
        break;
      }
    }
    std::string name(head.substr(i + 1, end - i - 1));
    if (auto colon = name.find(':'); colon != std::string::npos) name = name.substr(colon + 1);
    return name;
  }
  return "";
}

}  // namespace

Result<Format> detect_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot be read");
  std::string buf(64 * 1024, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.resize(static_cast<std::size_t>(in.gcount()));
  std::string_view head = buf;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF")
    return Status::InvalidInput("the file is UTF-16: save it as UTF-8 and import it again");
  const std::size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Status::InvalidInput("the file is empty");
  head.remove_prefix(first);
  const std::string hint = " (name the format with --format sarif|ocsf|xccdf|junit)";
  if (head[0] == '<') {
    const std::string root = xml_root_name(head);
    if (root == "testsuites" || root == "testsuite") return Format::kJunit;
    if (root == "Benchmark" || root == "TestResult" || root == "asset-report-collection" ||
        root == "data-stream-collection")
      return Format::kXccdf;
    return Status::InvalidInput("an XML document with root element <" + root +
                                ">, which is neither JUnit nor XCCDF/ARF" + hint);
  }
  if (head[0] == '{' || head[0] == '[') {
    if (contains(head, "\"runs\"") && (contains(head, "sarif") || contains(head, "\"version\"")))
      return Format::kSarif;
    if (contains(head, "\"class_uid\"") || contains(head, "\"finding_info\"") ||
        contains(head, "\"status_code\""))
      return Format::kOcsf;
    if (contains(head, "\"SchemaVersion\"") && contains(head, "\"Results\""))
      return Status::InvalidInput(
          "Trivy's own JSON is not imported yet: run trivy with --format sarif");
    if (contains(head, "\"Findings\"") || contains(head, "\"findings\""))
      return Status::InvalidInput(
          "AWS Security Finding Format (ASFF) is not imported yet: export OCSF instead");
    return Status::InvalidInput("a JSON document that is neither SARIF nor OCSF" + hint);
  }
  return Status::InvalidInput("neither JSON nor XML" + hint);
}

}  // namespace crosswalk::ingest
