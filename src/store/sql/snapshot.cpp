#include "store/snapshot.h"

#include <sqlite3.h>
#include <unistd.h>

#include <fcntl.h>

#include "store/sql/database.h"

namespace crosswalk::store {

namespace {

Status sqlite_error(sqlite3* db, const std::string& what) {
  return Status::IoError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

class PostgresSnapshotImpl final : public PostgresSnapshot {
 public:
  explicit PostgresSnapshotImpl(sql::Database db) : db_(std::move(db)) {}
  ~PostgresSnapshotImpl() override { (void)db_.exec("ROLLBACK"); }

  Status take() {
    // REPEATABLE READ: every statement of the transaction sees the snapshot exported here.
    CW_RETURN_IF_ERROR(db_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto q = db_.prepare("SELECT pg_export_snapshot()");
    if (!q.ok()) return q.status();
    if (!q->step()) return q->status().ok() ? Status::IoError("no snapshot id") : q->status();
    id_ = q->text(0);
    auto tables = db_.prepare(
        "SELECT COALESCE(current_schema(), ''), (SELECT COUNT(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = 'journal')");
    if (!tables.ok()) return tables.status();
    if (!tables->step()) return tables->status();
    schema_ = tables->text(0);
    empty_ = tables->int64(1) == 0;
    if (empty_) return Status::Ok();
    auto last = db_.prepare("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
    if (!last.ok()) return last.status();
    if (last->step()) head_ = {last->int64(0), last->text(1)};
    CW_RETURN_IF_ERROR(last->status());
    auto blobs = db_.prepare("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM blobs");
    if (!blobs.ok()) return blobs.status();
    if (blobs->step()) {
      blobs_ = blobs->int64(0);
      blob_bytes_ = blobs->int64(1);
    }
    return blobs->status();
  }

  const std::string& id() const override { return id_; }
  const JournalHead& journal_head() const override { return head_; }
  const std::string& where() const override { return db_.where(); }
  const std::string& schema() const override { return schema_; }
  bool empty() const override { return empty_; }
  std::int64_t blobs() const override { return blobs_; }
  std::int64_t blob_bytes() const override { return blob_bytes_; }

 private:
  sql::Database db_;
  std::string id_, schema_;
  JournalHead head_;
  bool empty_ = true;
  std::int64_t blobs_ = 0, blob_bytes_ = 0;
};

}  // namespace

Status copy_sqlite_database(const std::string& db_path, const std::string& out_path) {
  sqlite3* from = nullptr;
  sqlite3* to = nullptr;
  struct Close {
    sqlite3*& a;
    sqlite3*& b;
    ~Close() {
      sqlite3_close(a);
      sqlite3_close(b);
    }
  } close{from, to};
  if (sqlite3_open_v2(db_path.c_str(), &from, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return sqlite_error(from, "cannot open " + db_path);
  sqlite3_busy_timeout(from, 10000);
  if (sqlite3_open_v2(out_path.c_str(), &to,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE,
                      nullptr) != SQLITE_OK)
    return sqlite_error(to, "cannot create " + out_path);
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return sqlite_error(to, "cannot copy " + db_path);
  // All pages in one step: one read transaction, so one moment of the database. A writer in
  // WAL mode is not blocked by it.
  int rc = sqlite3_backup_step(b, -1);
  while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    ::usleep(20000);
    rc = sqlite3_backup_step(b, -1);
  }
  const int finished = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    return Status::IoError("cannot copy " + db_path + ": " + sqlite3_errstr(rc));
  if (finished != SQLITE_OK) return sqlite_error(to, "cannot copy " + db_path);
  // A self-contained file: no WAL beside it, flushed before it is archived.
  char* err = nullptr;
  if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err) != SQLITE_OK) {
    Status s = Status::IoError(out_path + ": " + (err ? err : "cannot finish the copy"));
    sqlite3_free(err);
    return s;
  }
  sqlite3_close(to);
  to = nullptr;
  const int fd = ::open(out_path.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced) return Status::IoError(out_path + ": cannot flush the copy");
  return Status::Ok();
}

Result<std::unique_ptr<PostgresSnapshot>> PostgresSnapshot::take(const std::string& url) {
  auto db = sql::Database::open_postgres(url);
  if (!db.ok()) return db.status();
  auto snapshot = std::make_unique<PostgresSnapshotImpl>(std::move(db).value());
  CW_RETURN_IF_ERROR(snapshot->take());
  return std::unique_ptr<PostgresSnapshot>(std::move(snapshot));
}

}  // namespace crosswalk::store
