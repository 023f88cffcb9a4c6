// XCCDF 1.1/1.2 results and ARF 1.1 (OpenSCAP): one finding per evaluated rule-result, joined to
// its Rule (title, severity, idents, references) by idref. Memory holds the Rules only.
#include <algorithm>
#include <unordered_map>

#include "ingest/importer.h"
#include "ingest/normalize.h"
#include "ingest/xccdf_tags.h"
#include "ingest/xml_stream.h"
#include "ingest/xsd_datetime.h"

namespace crosswalk::ingest {
namespace {

using domain::Finding;
using domain::FindingStatus;

constexpr std::string_view kXccdf11 = "http://checklists.nist.gov/xccdf/1.1";
constexpr std::string_view kXccdf12 = "http://checklists.nist.gov/xccdf/1.2";
constexpr std::string_view kArf11 = "http://scap.nist.gov/schema/asset-reporting-format/1.1";
constexpr std::size_t kFieldCap = 4096;

struct RuleInfo {
  std::string title, severity;
  std::vector<std::string> tags;
};

// What a TestResult says before its first rule-result.
struct RunHeader {
  ToolName tool{"XCCDF", ""};
  bool tool_from_cpe = false;
  std::string target, address;
  std::optional<domain::Timestamp> start, end;
};

bool is_loopback(std::string_view a) {
  return a.starts_with("127.") || a == "::1" || a == "0:0:0:0:0:0:0:1" || a.starts_with("fe80:");
}

// How bad a result is, to merge the rule-results of a multi-check rule: any fail fails it.
int rank(FindingStatus s) {
  switch (s) {
    case FindingStatus::kFail:
      return 3;
    case FindingStatus::kError:
      return 2;
    case FindingStatus::kPass:
      return 1;
    case FindingStatus::kNotApplicable:
      return 0;
  }
  return 0;
}

class XccdfImport {
 public:
  XccdfImport(const FindingSink& sink, const ImportOptions& options) : sink_(sink), opt_(options) {}

  Result<ImportSummary> run(const std::string& path) {
    summary_.format = Format::kXccdf;
    CW_RETURN_IF_ERROR(pass(path, false));
    if (!deferred_.empty()) CW_RETURN_IF_ERROR(pass(path, true));
    if (not_selected_ > 0)
      summary_.warnings.push_back(std::to_string(not_selected_) +
                                  " rules not selected (not part of the profile): no finding");
    if (unresolved_ > 0)
      summary_.warnings.push_back(std::to_string(unresolved_) +
                                  " rule-results refer to rules missing from the Benchmark");
    return std::move(summary_);
  }

 private:
  static bool is_xccdf(std::string_view ns) { return ns == kXccdf12 || ns == kXccdf11; }

  // The second pass reads again only the TestResults met before any Benchmark.
  Status pass(const std::string& path, bool second) {
    XmlReaderOptions ro{opt_.max_depth, second ? nullptr : opt_.progress, opt_.read_chunk_bytes};
    auto opened = XmlReader::open(path, ro);
    if (!opened.ok()) return opened.status();
    XmlReader& r = **opened;
    int ordinal = 0;
    bool root = true;
    while (r.next()) {
      if (!r.is_element()) continue;
      const std::string_view ns = r.namespace_uri(), name = r.local_name();
      if (root) {
        root = false;
        if (!(is_xccdf(ns) && (name == "Benchmark" || name == "TestResult")) &&
            !(ns == kArf11 && name == "asset-report-collection"))
          return r.fail("not an XCCDF or ARF document: the root element is <" + std::string(name) +
                        ">" + (ns.empty() ? "" : " in namespace " + std::string(ns)));
      }
      if (!is_xccdf(ns)) continue;
      if (name == "Benchmark") {
        benchmark_seen_ = true;
      } else if (name == "Rule" && !second) {
        CW_RETURN_IF_ERROR(rule(r));
      } else if (name == "TestResult") {
        const int k = ordinal++;
        const bool wanted = second ? std::binary_search(deferred_.begin(), deferred_.end(), k)
                                   : benchmark_seen_ || r.depth() == 0;
        if (!wanted && !second) deferred_.push_back(k);
        if (wanted)
          CW_RETURN_IF_ERROR(test_result(r));
        else if (!r.skip())
          break;
      }
    }
    if (!r.status().ok()) return r.status();
    if (!second) summary_.bytes = r.bytes_consumed();
    if (!second && opt_.progress) opt_.progress(summary_.bytes);
    return Status::Ok();
  }

  Status check_size(XmlReader& r, std::int64_t start, std::string_view what) {
    if (r.bytes_consumed() - start <= opt_.max_element_bytes) return Status::Ok();
    std::string message = "<";  // appended piecewise: g++ 12 -O2 sees a false -Wrestrict otherwise
    message.append(what).append("> larger than ");
    message.append(std::to_string(opt_.max_element_bytes)).append(" bytes");
    return r.fail(message);
  }

  Status rule(XmlReader& r) {
    const std::string id = r.attribute_or("id");
    const std::int64_t start = r.element_offset();
    RuleInfo info;
    info.severity = normalize::severity_from_word(r.attribute_or("severity"));
    if (id.starts_with(kSsgRulePrefix))
      normalize::add_tag(&info.tags, "ssg:" + id.substr(kSsgRulePrefix.size()));
    std::string text;
    for (const int d = r.depth(); r.next_within(d);) {
      if (!r.is_element() || r.depth() != d + 1 || !is_xccdf(r.namespace_uri())) continue;
      const std::string_view name = r.local_name();
      if (name == "title" && info.title.empty()) {
        if (r.read_text(kFieldCap, &text)) info.title = collapse_xml_space(text);
      } else if (name == "ident") {
        const std::string system = r.attribute_or("system");
        if (r.read_text(kFieldCap, &text)) add_ident_tags(system, text, &info.tags);
      } else if (name == "reference") {
        const std::string href = r.attribute_or("href");
        if (r.read_text(kFieldCap, &text)) add_reference_tags(href, text, &info.tags);
      }
    }
    if (!r.status().ok()) return r.status();
    CW_RETURN_IF_ERROR(check_size(r, start, "Rule"));
    rules_[id] = std::move(info);
    return Status::Ok();
  }

  Status test_result(XmlReader& r) {
    RunHeader h;
    if (auto ts = r.attribute("test-system"); ts && !ts->empty()) {
      h.tool = tool_from_test_system(*ts);
      h.tool_from_cpe = true;
    }
    h.start = times_.read(r.attribute_or("start-time"));
    h.end = times_.read(r.attribute_or("end-time"));
    ToolRun run;
    std::optional<Finding> pending;
    std::string text;
    for (const int d = r.depth(); r.next_within(d);) {
      if (!r.is_element() || r.depth() != d + 1 || !is_xccdf(r.namespace_uri())) continue;
      const std::string_view name = r.local_name();
      if (name == "target" && h.target.empty()) {
        if (r.read_text(kFieldCap, &text)) h.target = collapse_xml_space(text);
      } else if (name == "target-address" && h.address.empty()) {
        if (r.read_text(kFieldCap, &text) && !is_loopback(collapse_xml_space(text)))
          h.address = collapse_xml_space(text);
      } else if (name == "target-facts" && !h.tool_from_cpe) {
        CW_RETURN_IF_ERROR(facts(r, &h));
      } else if (name == "rule-result") {
        CW_RETURN_IF_ERROR(rule_result(r, h, &pending, &run));
      }
    }
    if (!r.status().ok()) return r.status();
    if (pending) CW_RETURN_IF_ERROR(emit(std::move(*pending), &run));
    run.tool = h.tool.name, run.tool_version = h.tool.version;
    run.started_at = h.start ? h.start : h.end;
    summary_.runs.push_back(std::move(run));
    return Status::Ok();
  }

  // OpenSCAP names itself in target-facts when the TestResult has no test-system.
  Status facts(XmlReader& r, RunHeader* h) {
    std::string text;
    for (const int d = r.depth(); r.next_within(d);) {
      if (!r.is_element() || r.local_name() != "fact") continue;
      const std::string name = r.attribute_or("name");
      if (name == "urn:xccdf:fact:scanner:name" && r.read_text(kFieldCap, &text))
        h->tool.name = collapse_xml_space(text);
      else if (name == "urn:xccdf:fact:scanner:version" && r.read_text(kFieldCap, &text))
        h->tool.version = collapse_xml_space(text);
    }
    return r.status();
  }

  Status rule_result(XmlReader& r, const RunHeader& h, std::optional<Finding>* pending,
                     ToolRun* run) {
    Finding f;
    f.offset = r.element_offset();
    f.rule_id = r.attribute_or("idref");
    if (f.rule_id.empty()) return r.fail("rule-result without idref");
    const std::string severity = r.attribute_or("severity");
    const std::string time = r.attribute_or("time");
    std::string result, overridden, text;
    for (const int d = r.depth(); r.next_within(d);) {
      if (!r.is_element() || !is_xccdf(r.namespace_uri())) continue;
      const std::string_view name = r.local_name();
      if (name == "result" && r.depth() == d + 1) {
        if (r.read_text(64, &text)) result = collapse_xml_space(text);
      } else if (name == "new-result") {  // inside <override>; the last one wins
        if (r.read_text(64, &text)) overridden = collapse_xml_space(text);
      } else if (name == "ident" && r.depth() == d + 1) {
        const std::string system = r.attribute_or("system");
        if (r.read_text(kFieldCap, &text)) add_ident_tags(system, text, &f.tags);
      } else if (name == "message" && r.depth() == d + 1 && f.message.empty()) {
        if (r.read_text(kFieldCap, &text)) f.message = collapse_xml_space(text);
      }
    }
    if (!r.status().ok()) return r.status();
    CW_RETURN_IF_ERROR(check_size(r, f.offset, "rule-result"));
    if (result.empty()) return r.fail("rule-result " + f.rule_id + " has no result");
    const std::string& word = overridden.empty() ? result : overridden;
    if (word == "notselected") {
      ++not_selected_;
      return Status::Ok();
    }
    const std::optional<FindingStatus> status = xccdf_status(word);
    if (!status) return r.fail("rule-result " + f.rule_id + ": unknown result \"" + word + "\"");
    f.status = *status;
    if (word != domain::to_string(f.status)) f.status_detail = word;
    if (!overridden.empty() && overridden != result)
      f.status_detail += (f.status_detail.empty() ? "" : ", ") + ("overridden from " + result);
    complete(&f, h, severity, time);
    // A multi-check rule gives consecutive rule-results with one idref: one finding, worst wins.
    if (*pending && (*pending)->rule_id == f.rule_id) {
      if (rank(f.status) > rank((*pending)->status)) {
        f.offset = (*pending)->offset;
        **pending = std::move(f);
      }
      return Status::Ok();
    }
    if (*pending) CW_RETURN_IF_ERROR(emit(std::move(**pending), run));
    *pending = std::move(f);
    return Status::Ok();
  }

  void complete(Finding* f, const RunHeader& h, std::string_view severity, std::string_view time) {
    f->tool = h.tool.name;
    f->tool_version = h.tool.version;
    f->resource = h.target;
    if (!h.address.empty()) f->resource += f->resource.empty() ? h.address : " (" + h.address + ")";
    std::vector<std::string> tags;
    if (auto it = rules_.find(f->rule_id); it != rules_.end()) {
      f->rule_name = it->second.title;
      f->severity = it->second.severity;
      tags = it->second.tags;
    } else {
      if (benchmark_seen_) ++unresolved_;
      if (f->rule_id.starts_with(kSsgRulePrefix))
        tags.push_back("ssg:" + f->rule_id.substr(kSsgRulePrefix.size()));
    }
    if (!severity.empty()) f->severity = normalize::severity_from_word(severity);
    for (std::string& t : f->tags) normalize::add_tag(&tags, std::move(t));
    f->tags = std::move(tags);
    f->observed_at = times_.read(time);
    if (!f->observed_at) f->observed_at = h.end ? h.end : h.start;
  }

  Status emit(Finding&& f, ToolRun* run) {
    ++run->findings;
    ++summary_.findings;
    return sink_(std::move(f));
  }

  const FindingSink& sink_;
  const ImportOptions& opt_;
  ImportSummary summary_;
  std::unordered_map<std::string, RuleInfo> rules_;
  bool benchmark_seen_ = false;
  std::vector<int> deferred_;  // ordinals (ascending) of the TestResults met before any Benchmark
  std::int64_t not_selected_ = 0, unresolved_ = 0;
  ImportTimes times_{&summary_.warnings};
};

}  // namespace

Result<ImportSummary> import_xccdf(const std::string& path, const FindingSink& sink,
                                   const ImportOptions& options) {
  return XccdfImport(sink, options).run(path);
}

}  // namespace crosswalk::ingest
