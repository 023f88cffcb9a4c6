#include "service/imports.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>

#include "common/utf8.h"
#include "ingest/finding_json.h"
#include "service/evidence.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using nlohmann::json;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Controls adopted from each template (a template may be adopted once, or used by the
// organization's own controls that name it).
std::map<std::string, std::vector<std::string>> controls_by_template(
    const std::vector<store::ControlRecord>& controls) {
  std::map<std::string, std::vector<std::string>> out;
  for (const store::ControlRecord& c : controls)
    if (!c.control.template_id.empty()) out[c.control.template_id].push_back(c.control.id);
  return out;
}

void count(store::ImportRecord& r, const d::Finding& f) {
  ++r.findings;
  if (f.suppressed) {
    ++r.suppressed;
    return;
  }
  switch (f.status) {
    case d::FindingStatus::kPass:
      ++r.passed;
      break;
    case d::FindingStatus::kFail:
      ++r.failed;
      break;
    case d::FindingStatus::kError:
      ++r.errors;
      break;
    case d::FindingStatus::kNotApplicable:
      ++r.not_applicable;
      break;
  }
}

d::RunFacts run_facts(const ingest::ToolRun& run) {
  return {run.tool, run.completed, run.errors.empty() ? "" : run.errors.front(), run.started_at};
}

// What map_finding answers for one finding, and the adopted controls that answer proves. The
// answer depends only on the finding's tool, rule id and tags (the format and the rules are the
// import's), and a large file repeats a few hundred rules: findings after the first of their kind
// take the answer from here instead of matching every rule again (that matching was a tenth of a
// large import). At most kMaxEntries are kept, so memory stays bounded whatever the file.
class MappingMemo {
 public:
  struct Answer {
    std::vector<std::string> added_tags;  // appended to the finding's tags by reference tables
    std::vector<d::RuleHit> adopted_hits;
    std::vector<std::string> proven;  // controls adopted from the hits' templates, each once
  };

  MappingMemo(const Rules& rules, const std::string& format,
              const std::map<std::string, std::vector<std::string>>& adopted,
              std::set<std::string>& unadopted)
      : rules_(rules), format_(format), adopted_(adopted), unadopted_(unadopted) {}

  // Maps `f` (adding tags to it, as map_finding does).
  const Answer& map(d::Finding& f) {
    key_.clear();
    add_to_key(f.tool);
    add_to_key(f.rule_id);
    for (const std::string& t : f.tags) add_to_key(t);
    if (auto it = answers_.find(key_); it != answers_.end()) {
      f.tags.insert(f.tags.end(), it->second.added_tags.begin(), it->second.added_tags.end());
      return it->second;
    }
    if (answers_.size() >= kMaxEntries) answers_.clear();
    const std::size_t before = f.tags.size();
    Answer a;
    for (d::RuleHit& hit : d::map_finding(rules_.set, rules_.index, format_, f)) {
      auto it = adopted_.find(hit.template_id);
      if (it == adopted_.end()) {
        unadopted_.insert(hit.template_id);
        continue;
      }
      for (const std::string& c : it->second)
        if (std::find(a.proven.begin(), a.proven.end(), c) == a.proven.end()) a.proven.push_back(c);
      a.adopted_hits.push_back(std::move(hit));
    }
    a.added_tags.assign(f.tags.begin() + static_cast<std::ptrdiff_t>(before), f.tags.end());
    return answers_.emplace(key_, std::move(a)).first->second;
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;

  void add_to_key(const std::string& s) {  // length-prefixed: no two lists give the same key
    const std::uint32_t n = static_cast<std::uint32_t>(s.size());
    key_.append(reinterpret_cast<const char*>(&n), sizeof n);
    key_ += s;
  }

  const Rules& rules_;
  const std::string& format_;
  const std::map<std::string, std::vector<std::string>>& adopted_;
  std::set<std::string>& unadopted_;
  std::unordered_map<std::string, Answer> answers_;
  std::string key_;
};

}  // namespace

std::string import_check_id(const std::string& rule_id, const std::string& tool,
                            const std::string& scope, const std::string& control_id) {
  std::string id = "rule:" + rule_id + ":" + lower(tool);
  if (!scope.empty()) id += ":" + scope;
  return id + "@" + control_id;
}

Result<ImportOutcome> import_results(Workspace& ws, const ImportRequest& req,
                                     const store::Actor& actor) {
  struct RemoveUpload {
    const ImportRequest& req;
    ~RemoveUpload() {
      if (req.is_upload) ::unlink(req.path.c_str());  // a no-op once moved into the vault
    }
  } remove_upload{req};
  const std::string shown = req.filename.empty() ? safe_file_name(req.path) : req.filename;
  if (req.scope.size() > 100 ||
      std::any_of(req.scope.begin(), req.scope.end(), [](unsigned char c) {
        return !(std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/');
      }))
    return Status::InvalidInput("scope '" + printable_excerpt(req.scope, 100) +
                                "': letters, digits, '-', '_', '.' and '/' only, at most 100");
  struct stat st {};
  if (::stat(req.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return Status::InvalidInput(shown + ": not a readable regular file");
  CW_RETURN_IF_ERROR(ws.check_writable());

  ingest::Format format;
  if (req.format) {
    format = *req.format;
  } else {
    auto detected = ingest::detect_format(req.path);
    if (!detected.ok()) return detected.status().with_context(shown);
    format = detected.value();
  }
  auto rules = load_rules(ws);
  if (!rules.ok()) return rules.status();
  auto controls = ws.store().controls();
  if (!controls.ok()) return controls.status();
  const auto adopted = controls_by_template(controls.value());

  store::ImportRecord record;
  record.format = std::string(ingest::to_string(format));
  record.filename = shown;
  record.size = st.st_size;
  record.scope = req.scope;

  // The file goes into the vault: it is the evidence, and for a refused file, what was refused.
  // A file named on the command line is copied (read, sha256, write, fsync: a fifth of a large
  // import) on a thread of its own while the import reads the original; if the file changes in
  // the meantime the import is refused, so what was imported is what the vault holds. Otherwise
  // (an upload, moved into the vault without a copy; or the database vault, whose writes would
  // share the import's transaction) the file goes in first and the import reads the stored copy.
  std::string source = req.path;
  std::future<Result<store::StoredBlob>> copying;
  if (!req.is_upload && dynamic_cast<const store::FileVault*>(&ws.vault()) != nullptr) {
    try {
      copying = std::async(std::launch::async, [&] { return ws.vault().put_file(req.path); });
    } catch (const std::system_error&) {  // no thread to be had: one after the other
    }
  }
  store::StoredBlob blob;
  auto into_vault = [&]() -> Status {  // waits for the copy if it runs on its own thread
    auto put = copying.valid() ? copying.get()
               : req.is_upload ? ws.vault().put_temp_file(req.path)
                               : ws.vault().put_file(req.path);
    if (!put.ok()) return put.status();
    blob = put.value();
    record.sha256 = blob.sha256;
    return Status::Ok();
  };
  if (!copying.valid()) {
    CW_RETURN_IF_ERROR(into_vault());
    auto local = ws.vault().local_file(record.sha256);
    if (!local.ok()) return local.status();
    source = local.value();
  }
  // Whether the original file was changed while the import and the copy read it.
  auto unchanged = [&] {
    struct stat now {};
    return ::stat(req.path.c_str(), &now) == 0 && now.st_dev == st.st_dev &&
           now.st_ino == st.st_ino && now.st_size == st.st_size &&
           now.st_mtim.tv_sec == st.st_mtim.tv_sec && now.st_mtim.tv_nsec == st.st_mtim.tv_nsec;
  };

  auto refuse = [&](const Status& why) -> Status {
    store::ImportRecord r = record;
    r.findings = r.passed = r.failed = r.errors = r.not_applicable = r.suppressed = r.mapped = 0;
    // Safety net: a message quoting the file's bytes must not make the refusal unrecordable
    // (PostgreSQL TEXT and the journal's JSON need valid UTF-8).
    r.error = printable_excerpt(why.message(), 4096);
    Status recorded = ws.store().record_refused_import(r, actor);
    (void)recorded;  // the refusal itself is what the caller needs to hear about
    return why;
  };

  auto writer = ws.store().begin_import();
  if (!writer.ok()) return writer.status();
  d::CheckAggregator aggregator(rules->set, record.format);
  std::set<std::string> unadopted;
  MappingMemo memo(rules.value(), record.format, adopted, unadopted);
  ingest::ImportOptions options;
  if (req.progress) options.progress = [&](std::int64_t done) { req.progress(done, st.st_size); };

  auto summary = ingest::import_file(
      source, format,
      [&](d::Finding&& f) -> Status {
        count(record, f);
        const MappingMemo::Answer& mapped = memo.map(f);
        for (const d::RuleHit& hit : mapped.adopted_hits) aggregator.add(hit, f);
        if (!mapped.proven.empty()) ++record.mapped;
        return writer.value()->add_finding(f, mapped.proven);
      },
      options);
  if (copying.valid()) {  // the copy must be in the vault before anything refers to it
    Status copied = into_vault();
    if (copied.ok() && !unchanged())
      copied = Status::Conflict(shown + " changed while it was being imported: import it again");
    if (!copied.ok()) {
      writer.value().reset();
      return copied;
    }
  }
  if (!summary.ok()) {
    writer.value().reset();  // rolls back every finding written so far
    if (summary.status().code() != Status::Code::kInvalidInput) return summary.status();
    return refuse(summary.status().with_context(shown));
  }
  for (const ingest::ToolRun& run : summary->runs) aggregator.add_run(run_facts(run));

  ImportOutcome out;
  std::vector<store::CheckResultRecord> results;
  std::vector<std::string> evidence_controls;
  d::Timestamp longest_freshness = 0;
  for (const d::CheckVerdict& v : aggregator.verdicts()) {
    auto it = adopted.find(v.template_id);
    if (it == adopted.end()) continue;
    for (const std::string& control : it->second) {
      store::CheckResultRecord r;
      r.check_id = import_check_id(v.rule->id, v.tool, req.scope, control);
      r.control_id = control;
      r.name = v.rule->title + " — " + v.tool + (req.scope.empty() ? "" : " (" + req.scope + ")");
      r.freshness_seconds = v.rule->freshness_seconds;
      r.outcome = v.outcome;
      r.observed_at = v.observed_at.value_or(actor.now);
      r.message = v.message;
      results.push_back(r);
      out.checks.push_back(
          {r.check_id, r.name, control, v.outcome, v.message, v.rule->id, v.rule->rationale});
      if (std::find(evidence_controls.begin(), evidence_controls.end(), control) ==
          evidence_controls.end())
        evidence_controls.push_back(control);
      longest_freshness = std::max(longest_freshness, v.rule->freshness_seconds);
    }
  }
  for (const auto& t : unadopted) out.unadopted_templates.push_back(t);

  record.checks = static_cast<std::int64_t>(results.size());
  const json j = ingest::summary_to_json(summary.value());
  record.runs_json = j["runs"].dump();
  json warnings = j["warnings"];
  if (summary->runs.empty()) warnings.push_back("the file holds no tool run: nothing was proven");
  if (!out.unadopted_templates.empty()) {
    std::string list;
    for (const auto& t : out.unadopted_templates) list += (list.empty() ? "" : ", ") + t;
    warnings.push_back("findings prove control templates you have not adopted: " + list);
  }
  record.warnings_json = warnings.dump();

  std::optional<store::EvidenceRecord> evidence;
  if (!evidence_controls.empty()) {
    store::EvidenceRecord e;
    e.kind = "file";
    e.sha256 = blob.sha256;
    e.size = blob.size;
    e.filename = shown;
    e.note =
        "Imported " + record.format + " results (" + std::to_string(record.findings) + " findings)";
    e.source = "import";
    e.review = d::Review::kAccepted;
    e.collected_at = actor.now;
    if (longest_freshness > 0) e.valid_until = actor.now + longest_freshness;
    e.controls = evidence_controls;
    evidence = std::move(e);
  }
  CW_RETURN_IF_ERROR(writer.value()->commit(record, std::move(evidence), results, actor));
  auto stored = ws.store().import_record(writer.value()->id());
  if (!stored.ok()) return stored.status();
  out.record = stored.value().value_or(record);
  return out;
}

Result<RuleTestReport> test_rules(const Rules& rules, const std::string& path,
                                  std::optional<ingest::Format> format, std::size_t max_rows) {
  if (!format) {
    auto detected = ingest::detect_format(path);
    if (!detected.ok()) return detected.status();
    format = detected.value();
  }
  const std::string fmt(ingest::to_string(*format));
  RuleTestReport report;
  d::CheckAggregator aggregator(rules.set, fmt);
  auto summary = ingest::import_file(path, *format, [&](d::Finding&& f) -> Status {
    auto hits = d::map_finding(rules.set, rules.index, fmt, f);
    for (const d::RuleHit& h : hits) aggregator.add(h, f);
    if (hits.empty()) ++report.unmapped;
    if (report.rows.size() < max_rows) report.rows.push_back({std::move(f), std::move(hits)});
    return Status::Ok();
  });
  if (!summary.ok()) return summary.status();
  for (const ingest::ToolRun& run : summary->runs) aggregator.add_run(run_facts(run));
  report.summary = std::move(summary.value());
  report.verdicts = aggregator.verdicts();
  return report;
}

}  // namespace crosswalk::service
