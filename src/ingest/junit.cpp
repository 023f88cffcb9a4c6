// JUnit XML (Ant/Surefire, pytest, jest, PHPUnit, unittest, swift, and scanners' JUnit templates):
// one finding per testcase. Memory holds one suite frame per nesting level.
#include <cctype>

#include "ingest/importer.h"
#include "ingest/normalize.h"
#include "ingest/xml_stream.h"
#include "ingest/xsd_datetime.h"

namespace crosswalk::ingest {
namespace {

using domain::Finding;
using domain::FindingStatus;

constexpr std::size_t kTextCap = 4096;

struct Counts {
  std::int64_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

struct SuiteFrame {
  std::string element, name;  // "testsuite" or "testsuites"
  int depth = 0;
  std::optional<domain::Timestamp> timestamp;  // its own, or its parent's
  std::optional<std::int64_t> header[4];       // tests, failures, errors, skipped as written
  Counts counted;                              // from the testcases inside, nested suites too
};

constexpr const char* kCountNames[4] = {"tests", "failures", "errors", "skipped"};

std::optional<std::int64_t> count_attribute(const XmlReader& r, const char* name) {
  const std::optional<std::string> v = r.attribute(name);
  if (!v || v->empty() || v->size() > 18) return std::nullopt;
  std::int64_t n = 0;
  for (char c : *v) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// "cve-2019-1549" ids in `s` (lower-cased).
void add_cve_tags(const std::string& s, std::vector<std::string>* tags) {
  for (std::size_t at = s.find("cve-"); at != std::string::npos; at = s.find("cve-", at + 4)) {
    std::size_t i = at + 4, year = 0, number = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++year;
    if (year != 4 || i >= s.size() || s[i] != '-') continue;
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++number;
    if (number < 4) continue;
    normalize::add_tag(tags, "cve:" + s.substr(at, i - at));
    normalize::add_tag(tags, "vulnerability");
  }
}

// Trivy's JUnit template starts names with the severity: "[MEDIUM] CVE-2019-1549".
std::string severity_prefix(std::string_view name) {
  for (std::string_view s : {"critical", "high", "medium", "low"}) {
    if (name.size() > s.size() + 2 && name[0] == '[' && name[s.size() + 1] == ']' &&
        normalize::lower_ascii(name.substr(1, s.size())) == s)
      return std::string(s);
  }
  return "";
}

std::string first_line(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string line = collapse_xml_space(text.substr(start, end - start));
    if (!line.empty()) return line;
    start = end + 1;
  }
  return "";
}

class JunitImport {
 public:
  JunitImport(const FindingSink& sink, const ImportOptions& options) : sink_(sink), opt_(options) {}

  Result<ImportSummary> run(const std::string& path) {
    summary_.format = Format::kJunit;
    auto opened = XmlReader::open(path, {opt_.max_depth, opt_.progress, opt_.read_chunk_bytes});
    if (!opened.ok()) return opened.status();
    XmlReader& r = **opened;
    bool root = true;
    while (r.next()) {
      const std::string_view name = r.local_name();
      const bool suite = name == "testsuite" || name == "testsuites";
      if (r.is_element() && root) {
        root = false;
        if (!suite)
          return r.fail("not a JUnit document: the root element is <" + std::string(name) + ">");
        if (auto n = r.attribute("name"); n && !n->empty()) tool_ = collapse_xml_space(*n);
      }
      if (r.is_element() && suite) {
        push_suite(r);
        if (r.is_empty_element()) pop_suite();
      } else if (r.is_element() && name == "testcase") {
        CW_RETURN_IF_ERROR(testcase(r));
      } else if (r.type() == XmlReader::NodeType::kEndElement && suite && !stack_.empty() &&
                 stack_.back().depth == r.depth()) {
        pop_suite();
      }
    }
    if (!r.status().ok()) return r.status();
    run_.tool = tool_.empty() ? "JUnit" : tool_;
    run_.started_at = started_at_;
    summary_.runs.push_back(std::move(run_));
    summary_.bytes = r.bytes_consumed();
    if (summary_.findings == 0) summary_.warnings.push_back("no test cases in the report");
    if (opt_.progress) opt_.progress(summary_.bytes);
    return std::move(summary_);
  }

 private:
  void push_suite(const XmlReader& r) {
    SuiteFrame f;
    f.element = std::string(r.local_name());
    f.name = collapse_xml_space(r.attribute_or("name"));
    f.depth = r.depth();
    f.timestamp = times_.read(r.attribute_or("timestamp"));
    if (f.timestamp && !started_at_) started_at_ = f.timestamp;
    if (!f.timestamp && !stack_.empty()) f.timestamp = stack_.back().timestamp;
    for (int i = 0; i < 4; ++i) f.header[i] = count_attribute(r, kCountNames[i]);
    if (tool_.empty() && f.element == "testsuite") tool_ = f.name;
    stack_.push_back(std::move(f));
  }

  // Header counts that disagree with the elements are reported; the elements are trusted.
  void pop_suite() {
    SuiteFrame f = std::move(stack_.back());
    stack_.pop_back();
    const std::int64_t counted[4] = {f.counted.tests, f.counted.failures, f.counted.errors,
                                     f.counted.skipped};
    for (int i = 0; i < 4; ++i) {
      if (!f.header[i] || *f.header[i] == counted[i]) continue;
      summary_.warnings.push_back(f.element + " \"" + f.name + "\": header says " + kCountNames[i] +
                                  "=\"" + std::to_string(*f.header[i]) + "\" but the file has " +
                                  std::to_string(counted[i]));
    }
    if (stack_.empty()) return;
    Counts& parent = stack_.back().counted;
    parent.tests += f.counted.tests, parent.failures += f.counted.failures;
    parent.errors += f.counted.errors, parent.skipped += f.counted.skipped;
  }

  Status testcase(XmlReader& r) {
    Finding f;
    f.offset = r.element_offset();
    const std::string classname = collapse_xml_space(r.attribute_or("classname"));
    f.rule_name = collapse_xml_space(r.attribute_or("name"));
    if (f.rule_name.empty() && classname.empty()) return r.fail("testcase without a name");
    f.rule_id = classname.empty()     ? f.rule_name
                : f.rule_name.empty() ? classname
                                      : classname + "." + f.rule_name;
    const std::string file = r.attribute_or("file"), line = r.attribute_or("line");
    f.resource = file.empty() ? classname : line.empty() ? file : file + ":" + line;
    f.observed_at = times_.read(r.attribute_or("timestamp"));
    if (!f.observed_at && !stack_.empty()) f.observed_at = stack_.back().timestamp;
    f.status = FindingStatus::kPass;
    int worst = 0;  // failure 3 > error 2 > skipped 1: a failed assertion says the most
    std::string body;
    for (const int d = r.depth(); r.next_within(d);) {
      if (!r.is_element() || r.depth() != d + 1) continue;
      const std::string_view name = r.local_name();
      const int rank = name == "failure" ? 3 : name == "error" ? 2 : name == "skipped" ? 1 : 0;
      if (rank <= worst) continue;
      worst = rank;
      f.message = r.attribute_or("message");
      if (!r.read_text(kTextCap, &body)) break;
      if (f.message.empty()) f.message = first_line(body);
    }
    if (!r.status().ok()) return r.status();
    if (r.bytes_consumed() - f.offset > opt_.max_element_bytes)
      return r.fail("<testcase> larger than " + std::to_string(opt_.max_element_bytes) + " bytes");
    f.message = normalize::truncate_utf8(f.message, kTextCap);
    Counts& counted = stack_.empty() ? loose_ : stack_.back().counted;
    ++counted.tests;
    switch (worst) {
      case 3:
        f.status = FindingStatus::kFail;
        ++counted.failures;
        break;
      case 2:
        f.status = FindingStatus::kError;
        ++counted.errors;
        break;
      case 1:
        f.status = FindingStatus::kNotApplicable;
        f.status_detail = "skipped";
        ++counted.skipped;
        break;
    }
    f.tool = tool_.empty() ? "JUnit" : tool_;
    f.severity = severity_prefix(f.rule_name);
    add_cve_tags(normalize::lower_ascii(classname + " " + f.rule_name), &f.tags);
    ++run_.findings;
    ++summary_.findings;
    return sink_(std::move(f));
  }

  const FindingSink& sink_;
  const ImportOptions& opt_;
  ImportSummary summary_;
  ToolRun run_;
  std::string tool_;
  std::optional<domain::Timestamp> started_at_;
  std::vector<SuiteFrame> stack_;
  Counts loose_;  // testcases outside any suite (not valid JUnit, but seen)
  ImportTimes times_{&summary_.warnings};
};

}  // namespace

Result<ImportSummary> import_junit(const std::string& path, const FindingSink& sink,
                                   const ImportOptions& options) {
  return JunitImport(sink, options).run(path);
}

}  // namespace crosswalk::ingest
