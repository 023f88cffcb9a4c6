#include "store/copy.h"

#include <set>

#include "common/sha256.h"
#include "store/journal_chain.h"
#include "store/sql/blob_rows.h"
#include "store/sql/database.h"
#include "store/sql/dialect.h"
#include "store/sql/journal_rows.h"
#include "store/sql/sql_store.h"
#include "store/vault.h"

namespace crosswalk::store {
namespace {

using sql::Database;
using sql::Statement;

struct Column {
  std::string name;
  std::string type;     // as declared: INTEGER, TEXT, BLOB
  bool row_id = false;  // INTEGER PRIMARY KEY: an identity column on PostgreSQL
};

struct TableShape {
  std::string name;
  std::vector<Column> columns;
};

// Table and column names go into SQL text: only plain lower-case identifiers, as the
// migrations write them, are accepted from a source file.
bool plain_identifier(const std::string& s) {
  return !s.empty() &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") == std::string::npos;
}

// The source's tables in creation order (so that referenced tables come first), without the
// migration bookkeeping the target keeps for itself.
Result<std::vector<TableShape>> source_tables(Database& db) {
  auto q = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
      "name <> 'schema_migrations' ORDER BY rowid");
  if (!q.ok()) return q.status();
  std::vector<TableShape> out;
  while (q->step()) out.push_back({q->text(0), {}});
  CW_RETURN_IF_ERROR(q->status());
  for (TableShape& t : out) {
    auto c = db.prepare("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid");
    if (!c.ok()) return c.status();
    c->bind(1, t.name);
    int pk_columns = 0;
    while (c->step()) {
      t.columns.push_back({c->text(0), c->text(1), c->int64(2) > 0});
      pk_columns += c->int64(2) > 0;
    }
    CW_RETURN_IF_ERROR(c->status());
    bool plain = plain_identifier(t.name);
    for (const Column& col : t.columns) plain = plain && plain_identifier(col.name);
    if (!plain)
      return Status::InvalidInput("the source has a table or column named unlike Crosswalk's (" +
                                  t.name + "): not a Crosswalk database?");
    for (Column& col : t.columns)
      col.row_id = col.row_id && pk_columns == 1 && col.type == "INTEGER";
  }
  return out;
}

std::string column_list(const TableShape& t) {
  std::string s;
  for (const Column& c : t.columns) s += (s.empty() ? "" : ", ") + c.name;
  return s;
}

Result<std::int64_t> count_rows(Database& db, const std::string& table) {
  auto q = db.prepare("SELECT COUNT(*) FROM " + table);
  if (!q.ok()) return q.status();
  if (!q->step()) return q->status().ok() ? Status::IoError("COUNT returned no row") : q->status();
  return q->int64(0);
}

Status copy_table(Database& from, Database& to, const TableShape& t, std::int64_t& rows) {
  const std::string cols = column_list(t);
  std::string marks;
  for (std::size_t i = 0; i < t.columns.size(); ++i) marks += i ? ", ?" : "?";
  auto read = from.prepare("SELECT " + cols + " FROM " + t.name);
  if (!read.ok()) return read.status();
  auto write = to.prepare("INSERT INTO " + t.name + " (" + cols + ") VALUES (" + marks + ")");
  if (!write.ok()) return write.status();
  while (read->step()) {
    write->reset();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const int col = int(i), param = int(i) + 1;
      if (read->is_null(col))
        write->bind_null(param);
      else if (t.columns[i].type == "INTEGER")
        write->bind(param, read->int64(col));
      else if (t.columns[i].type == "BLOB")
        write->bind_blob(param, read->blob(col));
      else
        write->bind(param, read->text(col));
    }
    CW_RETURN_IF_ERROR(write->run().with_context("copying " + t.name));
    ++rows;
  }
  CW_RETURN_IF_ERROR(read->status());
  for (const Column& c : t.columns)
    if (c.row_id) CW_RETURN_IF_ERROR(to.exec(sql::postgres_identity_catch_up(t.name, c.name)));
  return Status::Ok();
}

// Every file the evidence refers to, from the vault into the target's blob tables, hashed on
// the way in and read back afterwards.
Status copy_blobs(Database& from, Database& to, const std::string& vault_dir, CopyReport& report) {
  auto q = from.prepare(
      "SELECT DISTINCT sha256 FROM evidence WHERE sha256 IS NOT NULL AND sha256 <> '' ORDER BY 1");
  if (!q.ok()) return q.status();
  std::vector<std::string> shas;
  while (q->step()) shas.push_back(q->text(0));
  CW_RETURN_IF_ERROR(q->status());
  const FileVault vault(vault_dir);
  for (const std::string& sha : shas) {
    CW_RETURN_IF_ERROR(vault.verify(sha).with_context("source vault"));
    CW_RETURN_IF_ERROR(sql::insert_blob(to, sha, vault.path_of(sha), report.blob_bytes));
    Sha256 back;
    CW_RETURN_IF_ERROR(sql::read_blob_chunks(to, sha, [&](std::string_view chunk) {
      back.update(chunk);
      return Status::Ok();
    }));
    if (back.hex_digest() != sha)
      return Status::Corruption("blob " + sha + " reads back differently from the target");
    ++report.blobs;
  }
  return Status::Ok();
}

}  // namespace

Result<CopyReport> copy_sqlite_to_postgres(
    const CopySource& from_source, const std::string& to_url,
    const std::function<void(const std::string&)>& progress) {
  // The source first: brought to the current schema and checked, or nothing happens.
  {
    auto db = Database::open_sqlite(from_source.sqlite_path, false);
    if (!db.ok()) return db.status().with_context("source");
    sql::SqlStore source(std::move(db).value(), from_source.head_path);
    CW_RETURN_IF_ERROR(source.migrate().with_context("source"));
    auto v = source.verify_journal();
    if (!v.ok()) return v.status().with_context("source");
    if (!v->ok)
      return Status::Corruption("the source journal fails verification at entry " +
                                std::to_string(v->first_bad_seq) + ": " + v->problem +
                                "; nothing was copied");
  }
  {
    auto db = Database::open_postgres(to_url);
    if (!db.ok()) return db.status().with_context("target");
    sql::SqlStore target(std::move(db).value(), "");
    CW_RETURN_IF_ERROR(target.migrate().with_context("target"));
  }
  auto from = Database::open_sqlite(from_source.sqlite_path, false);
  if (!from.ok()) return from.status();
  auto to = Database::open_postgres(to_url);
  if (!to.ok()) return to.status();

  // One serialized transaction on the target: a second copy waits for the first, then finds
  // the data there and stops. A read transaction on the source: a consistent snapshot even if
  // a server is still writing it.
  auto tx = sql::Transaction::begin(to.value());
  if (!tx.ok()) return tx.status();
  CW_RETURN_IF_ERROR(from->exec("BEGIN"));
  struct EndRead {
    Database& db;
    ~EndRead() { (void)db.exec("ROLLBACK"); }
  } end_read{from.value()};

  for (const char* table : {"journal", "catalog_meta", "users"}) {
    auto n = count_rows(to.value(), table);
    if (!n.ok()) return n.status();
    if (n.value() > 0)
      return Status::Conflict(std::string("the target database already holds Crosswalk data (") +
                              table + " has " + std::to_string(n.value()) +
                              " rows): migrate copies into an empty database only; nothing was "
                              "changed");
  }

  auto tables = source_tables(from.value());
  if (!tables.ok()) return tables.status();
  CopyReport report;
  for (const TableShape& t : tables.value()) {
    CopyReport::Table row{t.name, 0};
    CW_RETURN_IF_ERROR(copy_table(from.value(), to.value(), t, row.rows));
    auto copied = count_rows(to.value(), t.name);
    if (!copied.ok()) return copied.status();
    if (copied.value() != row.rows)
      return Status::Corruption(t.name + ": " + std::to_string(row.rows) + " rows read, " +
                                std::to_string(copied.value()) + " in the target");
    progress(t.name + ": " + std::to_string(row.rows) + " rows");
    report.tables.push_back(row);
  }
  CW_RETURN_IF_ERROR(copy_blobs(from.value(), to.value(), from_source.vault_dir, report));
  progress("evidence files: " + std::to_string(report.blobs) + " (" +
           std::to_string(report.blob_bytes) + " bytes), each read back and hashed");

  // The copied journal must be the same chain, ending on the same hash.
  std::string source_last;
  {
    auto q = from->prepare("SELECT hash, seq FROM journal ORDER BY seq DESC LIMIT 1");
    if (!q.ok()) return q.status();
    if (q->step()) source_last = q->text(0);
    CW_RETURN_IF_ERROR(q->status());
  }
  // The journal as the target now holds it, inside the copy's transaction.
  auto verdict = sql::verify_journal_rows(to.value(), std::nullopt, &report.journal_head);
  if (!verdict.ok()) return verdict.status();
  if (!verdict->ok)
    return Status::Corruption("the copied journal fails verification at entry " +
                              std::to_string(verdict->first_bad_seq) + ": " + verdict->problem);
  if (report.journal_head != source_last)
    return Status::Corruption("the copied journal ends on " + report.journal_head +
                              ", the source on " + source_last);
  report.journal_entries = verdict->entries;
  CW_RETURN_IF_ERROR(tx->commit());
  progress("journal: " + std::to_string(report.journal_entries) +
           " entries, chain verified in the target, head " + report.journal_head);
  return report;
}

}  // namespace crosswalk::store
