// Evidence blobs in the database, in 1 MiB chunks (constant memory whatever the file size),
// and the leases that let one server of several run a job.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/sha256.h"
#include "store/sql/blob_rows.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {
namespace {

constexpr std::size_t kChunk = 1 << 20;

}  // namespace

Result<bool> SqlStore::has_blob(const std::string& sha256) {
  auto q = db_.prepare("SELECT 1 FROM blobs WHERE sha256 = ?");
  if (!q.ok()) return q.status();
  q->bind(1, sha256);
  const bool found = q->step();
  CW_RETURN_IF_ERROR(q->status());
  return found;
}

Result<std::vector<std::string>> SqlStore::blob_references() {
  auto q = db_.prepare(
      "SELECT sha256 FROM evidence WHERE sha256 IS NOT NULL AND sha256 <> '' "
      "UNION SELECT sha256 FROM imports WHERE sha256 <> '' ORDER BY 1");
  if (!q.ok()) return q.status();
  std::vector<std::string> out;
  while (q->step()) out.push_back(q->text(0));
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Status insert_blob(Database& db, const std::string& sha256, const std::string& path,
                   std::int64_t& bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return Status::IoError("cannot read '" + path + "': " + std::strerror(errno));
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } close{fd};
  auto ins = db.prepare(
      "INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  if (!ins.ok()) return ins.status();
  Sha256 hash;
  std::string buf(kChunk, '\0');
  std::int64_t size = 0;
  int chunks = 0;
  for (;;) {
    std::size_t filled = 0;
    while (filled < kChunk) {
      const ssize_t n = ::read(fd, buf.data() + filled, kChunk - filled);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::IoError("cannot read '" + path + "': " + std::strerror(errno));
      if (n == 0) break;
      filled += std::size_t(n);
    }
    if (filled == 0 && chunks > 0) break;
    hash.update(buf.data(), filled);
    size += std::int64_t(filled);
    ins->reset();
    CW_RETURN_IF_ERROR(ins->bind(1, sha256)
                           .bind(2, chunks)
                           .bind_blob(3, std::string_view(buf.data(), filled))
                           .run());
    ++chunks;
    if (filled < kChunk) break;
  }
  if (hash.hex_digest() != sha256)
    return Status::Corruption("'" + path +
                              "' changed while it was stored: its content no longer "
                              "has SHA-256 " +
                              sha256);
  auto done = db.prepare(
      "INSERT INTO blobs (sha256, size, chunks) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  if (!done.ok()) return done.status();
  CW_RETURN_IF_ERROR(done->bind(1, sha256).bind(2, size).bind(3, chunks).run());
  bytes += size;
  return Status::Ok();
}

Status read_blob_chunks(Database& db, const std::string& sha256,
                        const std::function<Status(std::string_view)>& sink) {
  auto q = db.prepare("SELECT chunks FROM blobs WHERE sha256 = ?");
  if (!q.ok()) return q.status();
  q->bind(1, sha256);
  if (!q->step()) {
    CW_RETURN_IF_ERROR(q->status());
    return Status::NotFound("evidence blob " + sha256 + " is not in the database");
  }
  const std::int64_t chunks = q->int64(0);
  auto c = db.prepare("SELECT data FROM blob_chunks WHERE sha256 = ? AND n = ?");
  if (!c.ok()) return c.status();
  for (std::int64_t n = 0; n < chunks; ++n) {
    c->reset();
    c->bind(1, sha256).bind(2, n);
    if (!c->step()) {
      CW_RETURN_IF_ERROR(c->status());
      return Status::Corruption("evidence blob " + sha256 + " lacks chunk " + std::to_string(n));
    }
    CW_RETURN_IF_ERROR(sink(c->blob(0)));
  }
  return Status::Ok();
}

Status SqlStore::put_blob(const std::string& sha256, const std::string& path) {
  auto present = has_blob(sha256);
  if (!present.ok()) return present.status();
  if (present.value()) return Status::Ok();
  // Not serialized: two servers storing the same content write the same rows, and the second
  // insert of a row does nothing. The blobs row, written last, says the chunks are complete.
  auto tx = Transaction::begin_unserialized(db_);
  if (!tx.ok()) return tx.status();
  std::int64_t bytes = 0;
  CW_RETURN_IF_ERROR(insert_blob(db_, sha256, path, bytes));
  return tx->commit();
}

Status SqlStore::read_blob(const std::string& sha256,
                           const std::function<Status(std::string_view)>& sink) {
  return read_blob_chunks(db_, sha256, sink);
}

Result<bool> SqlStore::acquire_lease(const std::string& name, const std::string& holder,
                                     domain::Timestamp now, domain::Timestamp ttl) {
  // One statement, atomic on both engines: take a free or expired lease, or renew one's own.
  auto q = db_.prepare(
      "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
      "WHERE leases.holder = excluded.holder OR leases.expires_at <= ?");
  if (!q.ok()) return q.status();
  CW_RETURN_IF_ERROR(q->bind(1, name).bind(2, holder).bind(3, now + ttl).bind(4, now).run());
  return db_.changes() == 1;
}

Status SqlStore::release_lease(const std::string& name, const std::string& holder) {
  auto q = db_.prepare("DELETE FROM leases WHERE name = ? AND holder = ?");
  if (!q.ok()) return q.status();
  return q->bind(1, name).bind(2, holder).run();
}

}  // namespace crosswalk::store::sql
