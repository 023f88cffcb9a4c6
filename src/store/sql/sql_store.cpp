#include "store/sql/sql_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "domain/time.h"
#include "store/migrations.h"
#include "store/sql/dialect.h"
#include "store/sql/journal_rows.h"

namespace crosswalk::store::sql {

Status SqlStore::migrate() {
  // Fast path without a write lock: already at the latest version.
  if (auto v = db_.prepare("SELECT MAX(version) FROM schema_migrations");
      v.ok() && v->step() && v->int64(0) >= migrations().back().version)
    return Status::Ok();
  const bool postgres = db_.dialect() == Dialect::kPostgres;
  {
    // Under the write lock: two servers starting at once on an empty PostgreSQL database
    // would otherwise race to create the table.
    auto tx = Transaction::begin(db_);
    if (!tx.ok()) return tx.status();
    const std::string ddl =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
        "NULL)";
    CW_RETURN_IF_ERROR(db_.exec(postgres ? to_postgres_ddl(ddl) : ddl));
    CW_RETURN_IF_ERROR(tx->commit());
  }
  for (const Migration& m : migrations()) {
    auto tx = Transaction::begin(db_);
    if (!tx.ok()) return tx.status();
    // Checked inside the write transaction, so two processes cannot both apply it.
    auto q = db_.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    if (!q.ok()) return q.status();
    q->bind(1, m.version);
    if (q->step()) continue;
    CW_RETURN_IF_ERROR(q->status());
    CW_RETURN_IF_ERROR(db_.exec(postgres ? to_postgres_ddl(m.sql) : m.sql)
                           .with_context("migration " + std::to_string(m.version)));
    auto ins = db_.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
    if (!ins.ok()) return ins.status();
    CW_RETURN_IF_ERROR(ins->bind(1, m.version).bind(2, m.name).run());
    CW_RETURN_IF_ERROR(tx->commit());
  }
  return Status::Ok();
}

Status SqlStore::append_journal(const Actor& actor, const std::string& action,
                                const std::string& entity, const std::string& entity_id,
                                const nlohmann::json& before, const nlohmann::json& after) {
  JournalEntry e;
  auto last = journal_head();
  if (!last.ok()) return last.status();
  e.seq = last->seq + 1;
  e.prev_hash = last->seq == 0 ? kGenesisHash : last->hash;
  e.at = domain::format_datetime(actor.now);
  e.actor = actor.name;
  e.action = action;
  e.entity = entity;
  e.entity_id = entity_id;
  // Invalid UTF-8 (never expected) is replaced rather than thrown: a change is never lost to it.
  e.before = before.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  e.after = after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  e.hash = journal_hash(e);
  auto ins = db_.prepare(
      "INSERT INTO journal (seq, at, actor, action, entity, entity_id, before, after, prev_hash, "
      "hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, e.seq).bind(2, e.at).bind(3, e.actor).bind(4, e.action).bind(5, e.entity);
  ins->bind(6, e.entity_id)
      .bind(7, e.before)
      .bind(8, e.after)
      .bind(9, e.prev_hash)
      .bind(10, e.hash);
  CW_RETURN_IF_ERROR(ins->run());
  last_appended_ = {e.seq, e.hash};
  return Status::Ok();
}

Status SqlStore::commit(Transaction& tx) {
  CW_RETURN_IF_ERROR(tx.commit());
  // The change is durable now, so reporting a failure would be wrong. A head that could not be
  // moved only lags: truncation is detected from the next successful write on.
  (void)write_head();
  return Status::Ok();
}

Status SqlStore::write_head() {
  if (head_path_.empty() || last_appended_.seq == 0) return Status::Ok();
  // Serialize head updates between processes, so a slower writer never moves it back.
  const int lock = ::open((head_path_ + ".lock").c_str(), O_WRONLY | O_CREAT, 0600);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
    if (lock >= 0) ::close(lock);
    return Status::IoError("cannot lock journal head " + head_path_ + ": " + std::strerror(errno));
  }
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }  // closing releases the lock
  } unlock{lock};

  std::ifstream cur(head_path_);
  const nlohmann::json j = nlohmann::json::parse(cur, nullptr, false);
  if (j.is_object() && j.value("seq", std::int64_t{0}) >= last_appended_.seq) return Status::Ok();

  const std::string tmp = head_path_ + ".tmp";
  const std::string text = journal_head_text(last_appended_);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const bool written =
      fd >= 0 && ::write(fd, text.data(), text.size()) == ssize_t(text.size()) && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!written || std::rename(tmp.c_str(), head_path_.c_str()) != 0)
    return Status::IoError("cannot update journal head " + head_path_ + ": " +
                           std::strerror(errno));
  return Status::Ok();
}

Result<JournalVerdict> SqlStore::verify_journal() {
  std::optional<JournalHead> head;
  if (!head_path_.empty()) {
    std::ifstream in(head_path_);
    if (in) {
      nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
      if (!j.is_object() || !j.contains("seq") || !j.contains("hash"))
        return JournalVerdict{false, 0, 1,
                              "the journal head file " + head_path_ + " is unreadable"};
      head = JournalHead{j["seq"].get<std::int64_t>(), j["hash"].get<std::string>()};
    }
  }
  return verify_journal_rows(db_, head);
}

Result<std::int64_t> SqlStore::journal_seq() {
  auto q = db_.prepare("SELECT COALESCE(MAX(seq), 0) FROM journal");
  if (!q.ok()) return q.status();
  if (!q->step()) return q->status().ok() ? Status::IoError("journal_seq: no row") : q->status();
  return q->int64(0);
}

Result<JournalHead> SqlStore::journal_head() {
  auto q = db_.prepare("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
  if (!q.ok()) return q.status();
  JournalHead head;
  if (q->step()) head = {q->int64(0), q->text(1)};
  CW_RETURN_IF_ERROR(q->status());
  return head;
}

Result<std::vector<JournalEntry>> SqlStore::journal(std::int64_t after_seq, int limit) {
  auto q = db_.prepare(std::string("SELECT ") + kJournalColumns +
                       " FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!q.ok()) return q.status();
  q->bind(1, after_seq).bind(2, limit);
  std::vector<JournalEntry> out;
  while (q->step()) out.push_back(journal_entry(*q));
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::vector<JournalEntry>> SqlStore::journal_of(const std::string& entity,
                                                       const std::string& entity_id, int limit) {
  auto q =
      db_.prepare(std::string("SELECT ") + kJournalColumns +
                  " FROM journal WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->bind(1, entity).bind(2, entity_id).bind(3, limit);
  std::vector<JournalEntry> out;
  while (q->step()) out.push_back(journal_entry(*q));
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::vector<JournalEntry>> SqlStore::journal_search(const JournalFilter& f) {
  auto q = db_.prepare(std::string("SELECT ") + kJournalColumns +
                       " FROM journal WHERE (? = '' OR entity = ?) AND (? = '' OR entity_id = ?)"
                       " AND (? = '' OR actor = ?) AND (? = '' OR at >= ?) AND (? = '' OR at < ?)"
                       " AND (? = 0 OR seq < ?) ORDER BY seq DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->bind(1, f.entity).bind(2, f.entity).bind(3, f.entity_id).bind(4, f.entity_id);
  q->bind(5, f.actor).bind(6, f.actor).bind(7, f.from).bind(8, f.from);
  q->bind(9, f.until).bind(10, f.until).bind(11, f.before_seq).bind(12, f.before_seq);
  q->bind(13, f.limit);
  std::vector<JournalEntry> out;
  while (q->step()) out.push_back(journal_entry(*q));
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

}  // namespace crosswalk::store::sql

namespace crosswalk::store {

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& db_path,
                                                 const std::string& head_path, bool create) {
  auto db = sql::Database::open_sqlite(db_path, create);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Store>(std::make_unique<sql::SqlStore>(std::move(db).value(), head_path));
}

Result<std::unique_ptr<Store>> open_sqlite_store_read_only(const std::string& db_path,
                                                           const std::string& head_path) {
  auto db = sql::Database::open_sqlite_immutable(db_path);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Store>(std::make_unique<sql::SqlStore>(std::move(db).value(), head_path));
}

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                   const std::string& head_path) {
  auto db = sql::Database::open_postgres(url);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Store>(std::make_unique<sql::SqlStore>(std::move(db).value(), head_path));
}

}  // namespace crosswalk::store
