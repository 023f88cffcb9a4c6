// Imports of tools' output files and the findings they hold: one transaction per import, findings
// streamed in batches as the importer produces them.

#include <algorithm>

#include "domain/time.h"
#include "store/sql/column_codec.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

namespace d = crosswalk::domain;
using nlohmann::json;

namespace {

constexpr int kFindingColumns = 15;
constexpr int kBatchRows = 32;  // rows per INSERT: fewer round trips on PostgreSQL

// On SQLite, OR FAIL: a statement that inserts several rows and may abort half way (a NOT NULL
// or key violation) otherwise keeps a statement journal, a copy of every page it changes, so that
// it can undo its own rows. The import is one transaction rolled back whole on any error, so that
// copy is never needed; it went to a temporary file (more bytes than the findings themselves)
// and made a large import a fifth slower (bench/README.md).
std::string insert_findings_sql(int rows, Dialect dialect) {
  std::string sql =
      std::string(dialect == Dialect::kSqlite ? "INSERT OR FAIL" : "INSERT") +
      " INTO findings (import_id, n, tool, rule_id, rule_name, status, status_detail, "
      "suppressed, severity, resource, message, observed_at, tags, controls, byte_offset) VALUES ";
  for (int r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (int c = 0; c < kFindingColumns; ++c) sql += c ? ", ?" : "?";
    sql += ")";
  }
  return sql;
}

// The tags as a JSON array, exactly as nlohmann::json(tags).dump() writes it, without building a
// JSON value per finding first: plain tags ("cwe:79", "security") are copied as they are.
std::string tags_json(const std::vector<std::string>& tags) {
  std::string out = "[";
  for (const std::string& t : tags) {
    if (out.size() > 1) out += ',';
    const bool plain = std::all_of(
        t.begin(), t.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (plain) {
      out += '"';
      out += t;
      out += '"';
    } else {
      out += json(t).dump();
    }
  }
  return out + "]";
}

constexpr const char* kImportColumns =
    "id, format, filename, sha256, size, scope, evidence_id, findings, passed, failed, errors, "
    "not_applicable, suppressed, mapped, checks, runs, warnings, error, created_by, created_at";

Status insert_import(Database& db, const ImportRecord& r) {
  auto ins = db.prepare(std::string("INSERT INTO imports (") + kImportColumns +
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, r.id).bind(2, r.format).bind(3, r.filename).bind(4, r.sha256).bind(5, r.size);
  ins->bind(6, r.scope);
  if (r.evidence_id.empty())
    ins->bind_null(7);
  else
    ins->bind(7, r.evidence_id);
  ins->bind(8, r.findings).bind(9, r.passed).bind(10, r.failed).bind(11, r.errors);
  ins->bind(12, r.not_applicable).bind(13, r.suppressed).bind(14, r.mapped).bind(15, r.checks);
  ins->bind(16, r.runs_json).bind(17, r.warnings_json).bind(18, r.error);
  ins->bind(19, r.created_by).bind(20, r.created_at);
  return ins->run();
}

ImportRecord read_import(const Statement& q) {
  ImportRecord r;
  r.id = q.text(0);
  r.format = q.text(1);
  r.filename = q.text(2);
  r.sha256 = q.text(3);
  r.size = q.int64(4);
  r.scope = q.text(5);
  r.evidence_id = q.is_null(6) ? "" : q.text(6);
  r.findings = q.int64(7);
  r.passed = q.int64(8);
  r.failed = q.int64(9);
  r.errors = q.int64(10);
  r.not_applicable = q.int64(11);
  r.suppressed = q.int64(12);
  r.mapped = q.int64(13);
  r.checks = q.int64(14);
  r.runs_json = q.text(15);
  r.warnings_json = q.text(16);
  r.error = q.text(17);
  r.created_by = q.text(18);
  r.created_at = q.int64(19);
  return r;
}

json import_journal(const ImportRecord& r) {
  return {
      {"id", r.id},         {"format", r.format}, {"filename", r.filename},    {"sha256", r.sha256},
      {"size", r.size},     {"scope", r.scope},   {"findings", r.findings},    {"failed", r.failed},
      {"mapped", r.mapped}, {"checks", r.checks}, {"evidence", r.evidence_id}, {"error", r.error}};
}

}  // namespace

class SqlImportWriter final : public ImportWriter {
 public:
  SqlImportWriter(SqlStore& store, Transaction tx) : store_(store), tx_(std::move(tx)) {}

  Status add_finding(const d::Finding& f, const std::vector<std::string>& controls) override {
    pending_.push_back({f, space_joined(controls)});
    if (pending_.size() == kBatchRows) return flush();
    return Status::Ok();
  }

  Status commit(ImportRecord record, std::optional<EvidenceRecord> evidence,
                std::vector<CheckResultRecord> results, const Actor& actor) override {
    CW_RETURN_IF_ERROR(flush());
    record.id = id_;
    record.created_by = actor.name;
    record.created_at = actor.now;
    if (evidence) {
      auto id = store_.insert_evidence(std::move(*evidence), actor);
      if (!id.ok()) return id.status();
      record.evidence_id = id.value();
    }
    for (CheckResultRecord& r : results) {
      r.source = "import:" + record.id;
      CW_RETURN_IF_ERROR(store_.insert_check_result(r, actor));
    }
    // The import row goes in last, with its counts (findings' reference to it is deferred).
    CW_RETURN_IF_ERROR(insert_import(store_.db_, record));
    CW_RETURN_IF_ERROR(store_.append_journal(actor, "import.add", "import", record.id, nullptr,
                                             import_journal(record)));
    return store_.commit(tx_);
  }

  const std::string& id() const override { return id_; }

 private:
  struct Row {
    d::Finding finding;
    std::string controls;
  };

  Status flush() {
    if (pending_.empty()) return Status::Ok();
    const int rows = static_cast<int>(pending_.size());
    auto& stmt = rows == kBatchRows ? batch_ : single_;
    if (!stmt) {
      auto prepared = store_.db_.prepare(
          insert_findings_sql(rows == kBatchRows ? kBatchRows : 1, store_.db_.dialect()));
      if (!prepared.ok()) return prepared.status();
      stmt.emplace(std::move(prepared.value()));
    }
    if (rows == kBatchRows) {
      stmt->reset();
      for (int r = 0; r < rows; ++r) bind_row(*stmt, r * kFindingColumns, pending_[r]);
      CW_RETURN_IF_ERROR(stmt->run());
    } else {
      for (const Row& row : pending_) {
        stmt->reset();
        bind_row(*stmt, 0, row);
        CW_RETURN_IF_ERROR(stmt->run());
      }
    }
    pending_.clear();
    return Status::Ok();
  }

  void bind_row(Statement& s, int base, const Row& row) {
    const d::Finding& f = row.finding;
    s.bind(base + 1, id_).bind(base + 2, ++n_).bind(base + 3, f.tool).bind(base + 4, f.rule_id);
    s.bind(base + 5, f.rule_name).bind(base + 6, d::to_string(f.status));
    s.bind(base + 7, f.status_detail).bind(base + 8, f.suppressed ? 1 : 0);
    s.bind(base + 9, f.severity).bind(base + 10, f.resource).bind(base + 11, f.message);
    s.bind(base + 12, f.observed_at).bind(base + 13, tags_json(f.tags));
    s.bind(base + 14, row.controls).bind(base + 15, f.offset);
  }

  friend class SqlStore;
  SqlStore& store_;
  Transaction tx_;
  std::string id_ = random_id("IMP-");
  std::int64_t n_ = 0;
  std::vector<Row> pending_;
  std::optional<Statement> batch_, single_;
};

Result<std::unique_ptr<ImportWriter>> SqlStore::begin_import() {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  return std::unique_ptr<ImportWriter>(new SqlImportWriter(*this, std::move(tx.value())));
}

Status SqlStore::record_refused_import(const ImportRecord& record, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  ImportRecord r = record;
  if (r.id.empty()) r.id = random_id("IMP-");
  r.created_by = actor.name;
  r.created_at = actor.now;
  CW_RETURN_IF_ERROR(insert_import(db_, r));
  CW_RETURN_IF_ERROR(
      append_journal(actor, "import.refuse", "import", r.id, nullptr, import_journal(r)));
  return commit(*tx);
}

Result<std::vector<ImportRecord>> SqlStore::imports(std::int64_t limit, std::int64_t offset) {
  auto q = db_.prepare(std::string("SELECT ") + kImportColumns +
                       " FROM imports ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
  if (!q.ok()) return q.status();
  q->bind(1, limit).bind(2, offset);
  std::vector<ImportRecord> out;
  while (q->step()) out.push_back(read_import(*q));
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::int64_t> SqlStore::import_count() {
  auto q = db_.prepare("SELECT COUNT(*) FROM imports");
  if (!q.ok()) return q.status();
  std::int64_t n = 0;
  if (q->step()) n = q->int64(0);
  CW_RETURN_IF_ERROR(q->status());
  return n;
}

Result<std::optional<ImportRecord>> SqlStore::import_record(const std::string& id) {
  auto q = db_.prepare(std::string("SELECT ") + kImportColumns + " FROM imports WHERE id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, id);
  if (q->step()) return std::optional<ImportRecord>(read_import(*q));
  CW_RETURN_IF_ERROR(q->status());
  return std::optional<ImportRecord>();
}

Result<std::pair<std::vector<FindingRecord>, std::int64_t>> SqlStore::findings(
    const FindingFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<std::string> args;
  auto add = [&](const std::string& value, const char* clause, std::string bound) {
    if (value.empty()) return;
    where += clause;
    args.push_back(std::move(bound));
  };
  add(f.import_id, " AND f.import_id = ?", f.import_id);
  add(f.tool, " AND f.tool = ?", f.tool);
  add(f.status, " AND f.status = ?", f.status);
  // A control id may hold '_', a LIKE wildcard: escaped, so that "NET_1" does not find "NETA1".
  std::string control;
  for (char c : f.control) {
    if (c == '!' || c == '%' || c == '_') control += '!';
    control += c;
  }
  add(f.control, " AND f.controls LIKE ? ESCAPE '!'", "% " + control + " %");
  auto count = db_.prepare("SELECT COUNT(*) FROM findings f" + where);
  if (!count.ok()) return count.status();
  for (std::size_t i = 0; i < args.size(); ++i) count->bind(static_cast<int>(i + 1), args[i]);
  std::int64_t total = 0;
  if (count->step()) total = count->int64(0);
  CW_RETURN_IF_ERROR(count->status());

  auto q = db_.prepare(
      "SELECT f.import_id, f.n, f.tool, f.rule_id, f.rule_name, f.status, f.status_detail, "
      "f.suppressed, f.severity, f.resource, f.message, f.observed_at, f.tags, f.controls, "
      "f.byte_offset FROM findings f JOIN imports i ON i.id = f.import_id" +
      where + " ORDER BY i.created_at DESC, f.import_id DESC, f.n LIMIT ? OFFSET ?");
  if (!q.ok()) return q.status();
  int i = 1;
  for (const std::string& a : args) q->bind(i++, a);
  q->bind(i, f.limit);
  q->bind(i + 1, f.offset);
  std::vector<FindingRecord> out;
  while (q->step()) {
    FindingRecord r;
    r.import_id = q->text(0);
    r.n = q->int64(1);
    d::Finding& x = r.finding;
    x.tool = q->text(2);
    x.rule_id = q->text(3);
    x.rule_name = q->text(4);
    x.status = d::parse_finding_status(q->text(5)).value_or(d::FindingStatus::kError);
    x.status_detail = q->text(6);
    x.suppressed = q->int64(7) != 0;
    x.severity = q->text(8);
    x.resource = q->text(9);
    x.message = q->text(10);
    x.observed_at = q->optional_int64(11);
    x.tags = json::parse(q->text(12), nullptr, false).get<std::vector<std::string>>();
    r.controls = space_split(q->text(13));
    x.offset = q->int64(14);
    out.push_back(std::move(r));
  }
  CW_RETURN_IF_ERROR(q->status());
  return std::pair(std::move(out), total);
}

Result<std::vector<CheckHistoryRow>> SqlStore::check_history(const std::string& control_id,
                                                             int limit) {
  auto q = db_.prepare(
      "SELECT c.id, c.name, c.control_id, c.freshness_seconds, r.outcome, r.observed_at, "
      "r.message, r.source FROM check_results r JOIN checks c ON c.id = r.check_id "
      "WHERE (? = '' OR c.control_id = ?) ORDER BY r.observed_at DESC, r.id DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->bind(1, control_id).bind(2, control_id).bind(3, limit);
  std::vector<CheckHistoryRow> out;
  while (q->step())
    out.push_back({q->text(0), q->text(1), q->text(2), q->int64(3),
                   d::parse_check_outcome(q->text(4)).value_or(d::CheckOutcome::kError),
                   q->int64(5), q->text(6), q->text(7)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::vector<CheckHistoryRow>> SqlStore::import_checks(const std::string& import_id) {
  auto q = db_.prepare(
      "SELECT c.id, c.name, c.control_id, c.freshness_seconds, r.outcome, r.observed_at, "
      "r.message, r.source FROM check_results r JOIN checks c ON c.id = r.check_id "
      "WHERE r.source = ? ORDER BY c.control_id, c.id, r.id");
  if (!q.ok()) return q.status();
  const std::string source = "import:" + import_id;
  q->bind(1, source);
  std::vector<CheckHistoryRow> out;
  while (q->step())
    out.push_back({q->text(0), q->text(1), q->text(2), q->int64(3),
                   d::parse_check_outcome(q->text(4)).value_or(d::CheckOutcome::kError),
                   q->int64(5), q->text(6), q->text(7)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

}  // namespace crosswalk::store::sql
