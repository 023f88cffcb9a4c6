// The database engine's own consistency checks, for `crosswalk check` after a crash.
// SQLite checks every page itself. PostgreSQL survives its clients' crashes on its own; what a
// client may run without superuser is: index and constraint validity in the catalog, a read of
// every table (a damaged page fails the read), and amcheck's index and heap checks when an
// administrator installed the extension and lets us execute it.
#include <string>
#include <vector>

#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {
namespace {

constexpr const char* kSchemaOid =
    "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())";

DatabaseCheck failed(std::string name, std::string detail) {
  return {std::move(name), "failed", std::move(detail)};
}

std::string identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The first column of every row, or the error that stopped the query.
Result<std::vector<std::string>> column(Database& db, const std::string& sql,
                                        const std::vector<std::string>& params = {}) {
  auto q = db.prepare(sql);
  if (!q.ok()) return q.status();
  for (std::size_t i = 0; i < params.size(); ++i) q->bind(int(i) + 1, params[i]);
  std::vector<std::string> out;
  while (q->step()) out.push_back(q->text(0));
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

std::string joined(const std::vector<std::string>& items, std::size_t most = 5) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < most; ++i) out += (i ? "; " : "") + items[i];
  if (items.size() > most) out += "; … " + std::to_string(items.size() - most) + " more";
  return out;
}

DatabaseCheck sqlite_integrity(Database& db) {
  const std::string name = "sqlite integrity_check";
  auto rows = column(db, "PRAGMA integrity_check(20)");
  if (!rows.ok()) return failed(name, rows.status().message());
  if (rows->size() != 1 || rows->front() != "ok") {
    std::vector<std::string> problems;  // without the "*** in database main ***" heading
    for (const auto& r : rows.value())
      if (r.rfind("*** ", 0) != 0) problems.push_back(r);
    return failed(name, joined(problems, 20));
  }
  auto pages = column(db, "PRAGMA page_count");
  return {name, "ok",
          (pages.ok() && !pages->empty() ? pages->front() + " pages: " : std::string()) +
              "every page, b-tree and index consistent"};
}

DatabaseCheck sqlite_foreign_keys(Database& db) {
  const std::string name = "sqlite foreign_key_check";
  auto q = db.prepare("PRAGMA foreign_key_check");
  if (!q.ok()) return failed(name, q.status().message());
  std::vector<std::string> problems;
  while (q->step())
    problems.push_back("table " + q->text(0) + " row " + q->text(1) + " names a missing " +
                       q->text(2) + " row");
  if (!q->status().ok()) return failed(name, q->status().message());
  if (!problems.empty())
    return failed(
        name, std::to_string(problems.size()) + " rows break a foreign key: " + joined(problems));
  return {name, "ok", "every reference names an existing row"};
}

DatabaseCheck postgres_catalog(Database& db) {
  const std::string name = "postgresql indexes and constraints";
  auto bad_indexes =
      column(db, std::string("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid "
                             "= i.indexrelid WHERE c.relnamespace = ") +
                     kSchemaOid + " AND NOT (i.indisvalid AND i.indisready) ORDER BY 1");
  if (!bad_indexes.ok()) return failed(name, bad_indexes.status().message());
  auto unvalidated =
      column(db, std::string("SELECT conname FROM pg_constraint WHERE connamespace = ") +
                     kSchemaOid + " AND NOT convalidated ORDER BY 1");
  if (!unvalidated.ok()) return failed(name, unvalidated.status().message());
  std::vector<std::string> problems;
  for (const auto& i : bad_indexes.value()) problems.push_back("index " + i + " is not valid");
  for (const auto& c : unvalidated.value())
    problems.push_back("constraint " + c + " is not validated");
  if (!problems.empty()) return failed(name, joined(problems));
  return {name, "ok", "every index valid, every constraint validated"};
}

Result<std::vector<std::string>> postgres_tables(Database& db) {
  return column(db, std::string("SELECT relname FROM pg_class WHERE relkind = 'r' AND "
                                "relnamespace = ") +
                        kSchemaOid + " ORDER BY 1");
}

DatabaseCheck postgres_read_all(Database& db) {
  const std::string name = "postgresql tables read";
  auto tables = postgres_tables(db);
  if (!tables.ok()) return failed(name, tables.status().message());
  std::int64_t rows = 0;
  for (const auto& t : tables.value()) {
    auto n = column(db, "SELECT count(*) FROM " + identifier(t));
    if (!n.ok()) return failed(name, "table " + t + ": " + n.status().message());
    rows += std::stoll(n->front());
  }
  return {name, "ok",
          std::to_string(tables->size()) + " tables, " + std::to_string(rows) +
              " rows read without error"};
}

// Whether the current user may execute `signature` (NULL when it does not exist).
Result<bool> may_execute(Database& db, const std::string& signature) {
  auto r = column(db,
                  "SELECT p IS NOT NULL AND has_function_privilege(p, 'EXECUTE') FROM "
                  "(SELECT to_regprocedure(?) AS p) s",
                  {signature});
  if (!r.ok()) return r.status();
  return !r->empty() && r->front() == "t";
}

std::vector<DatabaseCheck> postgres_amcheck(Database& db) {
  const std::string index_check = "amcheck bt_index_check";
  const std::string heap_check = "amcheck verify_heapam";
  auto schema = column(db,
                       "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = "
                       "e.extnamespace WHERE e.extname = 'amcheck'");
  if (!schema.ok()) return {failed(index_check, schema.status().message())};
  if (schema->empty()) {
    const std::string why =
        "amcheck not installed in this database (a superuser enables it: CREATE EXTENSION "
        "amcheck)";
    return {{index_check, "skipped", why}, {heap_check, "skipped", why}};
  }
  const std::string ext = identifier(schema->front());
  std::vector<DatabaseCheck> out;

  auto may_index = may_execute(db, ext + ".bt_index_check(regclass,boolean)");
  if (!may_index.ok()) {
    out.push_back(failed(index_check, may_index.status().message()));
  } else if (!may_index.value()) {
    out.push_back({index_check, "skipped",
                   "no permission to execute " + ext +
                       ".bt_index_check (GRANT EXECUTE to this "
                       "user)"});
  } else {
    auto indexes =
        column(db, std::string("SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = "
                               "i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE "
                               "a.amname = 'btree' AND i.indisvalid AND c.relnamespace = ") +
                       kSchemaOid + " ORDER BY c.relname");
    DatabaseCheck c{index_check, "ok", ""};
    if (!indexes.ok()) c = failed(index_check, indexes.status().message());
    for (std::size_t i = 0; indexes.ok() && i < indexes->size() && c.outcome == "ok"; ++i) {
      auto r = column(db, "SELECT " + ext + ".bt_index_check(CAST(? AS oid)::regclass, true)",
                      {(*indexes)[i]});
      if (!r.ok()) c = failed(index_check, r.status().message());
    }
    if (c.outcome == "ok")
      c.detail = std::to_string(indexes->size()) +
                 " b-tree indexes consistent, every table row found in them";
    out.push_back(c);
  }

  auto may_heap =
      may_execute(db, ext + ".verify_heapam(regclass,boolean,boolean,text,bigint,bigint)");
  if (!may_heap.ok()) {
    out.push_back(failed(heap_check, may_heap.status().message()));
  } else if (!may_heap.value()) {
    out.push_back({heap_check, "skipped",
                   "verify_heapam missing (amcheck before 1.3) or not executable by this user"});
  } else {
    auto tables = postgres_tables(db);
    DatabaseCheck c{heap_check, "ok", ""};
    if (!tables.ok()) c = failed(heap_check, tables.status().message());
    std::vector<std::string> problems;
    for (std::size_t i = 0; tables.ok() && i < tables->size(); ++i) {
      const std::string& t = (*tables)[i];
      auto r = column(db,
                      "SELECT 'block ' || COALESCE(blkno::text, '?') || ': ' || msg FROM " + ext +
                          ".verify_heapam(?::regclass)",
                      {identifier(t)});
      if (!r.ok()) problems.push_back("table " + t + ": " + r.status().message());
      for (const auto& m : r.ok() ? r.value() : std::vector<std::string>{})
        problems.push_back("table " + t + " " + m);
    }
    if (!problems.empty()) c = failed(heap_check, joined(problems));
    if (c.outcome == "ok") c.detail = std::to_string(tables->size()) + " tables' pages consistent";
    out.push_back(c);
  }
  return out;
}

}  // namespace

Result<std::vector<DatabaseCheck>> SqlStore::check_database() {
  if (db_.dialect() == Dialect::kSqlite)
    return std::vector{sqlite_integrity(db_), sqlite_foreign_keys(db_)};
  std::vector<DatabaseCheck> out{postgres_catalog(db_), postgres_read_all(db_)};
  for (auto& c : postgres_amcheck(db_)) out.push_back(std::move(c));
  return out;
}

}  // namespace crosswalk::store::sql
