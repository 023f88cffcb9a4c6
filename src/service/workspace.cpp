#include "service/workspace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/sha256.h"

namespace crosswalk::service {
namespace fs = std::filesystem;

Result<std::string> sqlite_database_path(const WorkspaceOptions& o) {
  if (o.db_url.empty()) return o.data_dir + "/crosswalk.db";
  const std::string prefix = "sqlite://";
  if (o.db_url.rfind(prefix, 0) == 0) return o.db_url.substr(prefix.size());
  if (o.db_url.find("://") != std::string::npos)
    return Status::InvalidInput("--db '" + o.db_url +
                                "': unsupported database URL (use sqlite://PATH or "
                                "postgresql://USER@HOST:PORT/DATABASE)");
  return o.db_url;
}

std::string journal_head_path(const WorkspaceOptions& o) {
  // On PostgreSQL named after the database: one data directory may serve several in turn (a
  // SQLite organization being migrated, a test database), and each head witnesses its own journal.
  if (is_postgres_url(o.db_url))
    return o.data_dir + "/journal-pg-" + sha256_hex(o.db_url).substr(0, 16) + ".head";
  return o.data_dir + "/journal.head";
}

bool is_postgres_url(const std::string& db_url) {
  return db_url.rfind("postgresql://", 0) == 0 || db_url.rfind("postgres://", 0) == 0;
}

bool Workspace::on_postgres() const {
  return is_postgres_url(options_.db_url);
}

Status Workspace::check_writable() const {
  const std::string probe = options_.data_dir + "/.write-probe-" + std::to_string(::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return Status::IoError("data directory '" + options_.data_dir +
                           "' is not writable: " + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
  return Status::Ok();
}

Result<std::unique_ptr<Workspace>> Workspace::open(const WorkspaceOptions& options, bool create) {
  std::error_code ec;
  const std::string& dir = options.data_dir;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    return Status::InvalidInput("data directory '" + dir + "' exists but is not a directory");
  if (is_postgres_url(options.db_url)) {
    auto store = store::open_postgres_store(options.db_url, journal_head_path(options));
    if (!store.ok()) return store.status();
    // Before any migration: `init` (create) makes the schema, other commands expect one.
    if (!create)
      if (auto seeded = store.value()->catalog_sha256(); !seeded.ok())
        return Status::InvalidInput(
            "no Crosswalk data in the PostgreSQL database (" + seeded.status().message() +
            "): run `crosswalk init --db URL` (or `crosswalk serve`) first");
    fs::create_directories(dir, ec);  // local only: the file cache and upload staging
    if (ec) return Status::IoError("cannot create data directory '" + dir + "': " + ec.message());
    std::unique_ptr<Workspace> ws(new Workspace(options, std::move(store).value()));
    ws->vault_ = std::make_unique<store::DatabaseVault>(*ws->store_, dir + "/vault");
    CW_RETURN_IF_ERROR(ws->store().migrate());
    return ws;
  }
  auto db_path = sqlite_database_path(options);
  if (!db_path.ok()) return db_path.status();
  if (!create && !fs::exists(db_path.value(), ec))
    return Status::InvalidInput("no Crosswalk database at '" + db_path.value() +
                                "': run `crosswalk init` first (or pass --data DIR)");
  if (create) {
    fs::create_directories(dir, ec);
    if (ec) return Status::IoError("cannot create data directory '" + dir + "': " + ec.message());
  }
  auto store = store::open_sqlite_store(db_path.value(), journal_head_path(options), create);
  if (!store.ok() && !create && ::access(dir.c_str(), W_OK) != 0 &&
      (errno == EROFS || errno == EACCES)) {
    // A read-only data directory (an archive, a read-only mount): reads still work, and every
    // write is refused by check_writable() with a clear message.
    // An immutable open ignores the WAL file, so it would miss changes not yet checkpointed.
    if (fs::exists(db_path.value() + "-wal", ec) && fs::file_size(db_path.value() + "-wal", ec) > 0)
      return Status::IoError("data directory '" + dir + "' is read-only and " + db_path.value() +
                             "-wal holds changes not yet merged into the database: open it once "
                             "on writable storage");
    store = store::open_sqlite_store_read_only(db_path.value(), journal_head_path(options));
  }
  if (!store.ok()) return store.status();
  std::unique_ptr<Workspace> ws(new Workspace(options, std::move(store).value()));
  ws->vault_ = std::make_unique<store::FileVault>(dir + "/vault");
  if (create) CW_RETURN_IF_ERROR(ws->check_writable());
  CW_RETURN_IF_ERROR(ws->store().migrate());
  return ws;
}

}  // namespace crosswalk::service
