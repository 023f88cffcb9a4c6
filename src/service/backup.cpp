#include "service/backup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/atomic_file.h"
#include "common/sha256.h"
#include "common/temp_file.h"
#include "ingest/process.h"
#include "service/evidence.h"
#include "store/snapshot.h"

extern char** environ;

namespace crosswalk::service {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr const char* kFormat = "crosswalk-backup";
constexpr int kFormatVersion = 1;
constexpr const char* kSqliteFile = "crosswalk.db";
constexpr const char* kDumpFile = "database.pgdump";
constexpr const char* kSqlite = "sqlite";
constexpr const char* kPostgres = "postgresql";

struct ListedFile {
  std::string path;
  std::string sha256;
  std::int64_t bytes = 0;
};

struct Manifest {
  BackupSummary backup;
  std::vector<ListedFile> files;
};

bool is_sha256(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// "vault/ab/ab…": where a SQLite data directory keeps the blob; "" for any other name.
std::string blob_of(const std::string& path) {
  if (path.size() != 6 + 3 + 64 || path.compare(0, 6, "vault/") != 0 || path[8] != '/') return "";
  const std::string sha = path.substr(9);
  return is_sha256(sha) && path.compare(6, 2, sha, 0, 2) == 0 ? sha : "";
}

std::string vault_path(const std::string& sha256) {
  return "vault/" + sha256.substr(0, 2) + "/" + sha256;
}

// A directory beside `target` for the files on their way in or out, removed unless kept.
class Staging {
 public:
  static Result<Staging> create(const std::string& target, const std::string& what) {
    const fs::path t = fs::absolute(target);  // PostgreSQL's tools run in another directory
    const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
    Staging s((dir / ("." + t.filename().string() + "." + what + "-" + std::to_string(::getpid())))
                  .string());
    std::error_code ec;
    fs::remove_all(s.path_, ec);  // left by a process with this pid that was killed
    if (!fs::create_directories(s.path_, ec))
      return Status::IoError("cannot create " + s.path_ + ": " + (ec ? ec.message() : "it exists"));
    return s;
  }
  Staging(Staging&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  Staging& operator=(Staging&&) = delete;
  ~Staging() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  void keep() { path_.clear(); }

 private:
  explicit Staging(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

Result<EntryDigest> digest_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": " + std::strerror(errno));
  Sha256 sha;
  EntryDigest d;
  std::string buf(1 << 16, '\0');
  ssize_t n;
  while ((n = ::read(fd, buf.data(), buf.size())) > 0) {
    sha.update(buf.data(), static_cast<std::size_t>(n));
    d.size += n;
  }
  const int error = errno;
  ::close(fd);
  if (n < 0) return Status::IoError(path + ": " + std::strerror(error));
  d.sha256 = sha.hex_digest();
  return d;
}

// pg_dump and pg_restore: on the PATH, else the newest of Debian's versioned directories.
Result<std::string> find_program(const std::string& name) {
  std::vector<fs::path> dirs;
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    for (std::size_t start = 0, end; start <= p.size(); start = end + 1) {
      end = p.find(':', start);
      if (end == std::string::npos) end = p.size();
      if (end > start) dirs.emplace_back(p.substr(start, end - start));
    }
  }
  std::error_code ec;
  std::vector<fs::path> versions;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec))
    versions.push_back(e.path() / "bin");
  std::sort(versions.rbegin(), versions.rend());
  dirs.insert(dirs.end(), versions.begin(), versions.end());
  for (const fs::path& d : dirs)
    if (::access((d / name).c_str(), X_OK) == 0) return (d / name).string();
  return Status::Unavailable(name +
                             " is not installed: PostgreSQL backups need PostgreSQL's client "
                             "programs (apt-get install postgresql-client)");
}

// Runs a PostgreSQL client program: its output on success, its messages as the error otherwise.
Result<std::string> run_tool(const std::vector<std::string>& argv, const std::string& scratch_dir) {
  auto out = TempFile::create(scratch_dir, "-" + fs::path(argv[0]).filename().string());
  if (!out.ok()) return out.status();
  ingest::ProcessSpec spec;
  spec.argv = argv;
  for (char** e = environ; *e; ++e) spec.env.emplace_back(*e);  // PGPASSFILE, PGSSLMODE…
  spec.timeout_seconds = 24 * 3600;
  spec.max_output_bytes = std::int64_t{64} << 20;
  auto r = ingest::run_process(spec, out->fd());
  if (!r.ok()) return r.status();
  std::string said;
  if (FILE* f = std::fopen(out->path().c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) said.append(buf, n);
    std::fclose(f);
  }
  if (r->end == ingest::ProcessResult::End::kExited && r->exit_status == 0) return said;
  while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
  if (said.size() > 2000) said = "…" + said.substr(said.size() - 2000);
  const std::string name = fs::path(argv[0]).filename().string();
  switch (r->end) {
    case ingest::ProcessResult::End::kCannotStart:
      return Status::IoError(r->start_error);
    case ingest::ProcessResult::End::kSignaled:
      return Status::IoError(name + " was killed by signal " + std::to_string(r->signal));
    case ingest::ProcessResult::End::kTimedOut:
      return Status::IoError(name + " ran out of time");
    default:
      return Status::IoError(name + " failed (exit " + std::to_string(r->exit_status) +
                             (said.empty() ? ")" : "): " + said));
  }
}

// pg_restore's table of contents without the schema itself (and its comment): restoring into a
// schema that exists already ("public" in every new database) would fail on CREATE SCHEMA.
std::string without_schema(const std::string& toc, const std::string& schema) {
  std::istringstream in(toc);
  std::string out;
  for (std::string line; std::getline(in, line);)
    if (line.find(" SCHEMA - " + schema + " ") == std::string::npos &&
        line.find(" COMMENT - SCHEMA " + schema + " ") == std::string::npos)
      out += line + "\n";
  return out;
}

Status check_journal(store::Store& store, const std::string& what, std::int64_t* entries) {
  auto v = store.verify_journal();
  if (!v.ok()) return v.status();
  if (!v->ok)
    return Status::Corruption(what + ": the journal does not verify at entry " +
                              std::to_string(v->first_bad_seq) + ": " + v->problem +
                              " (see `crosswalk journal verify`)");
  if (entries) *entries = v->entries;
  return Status::Ok();
}

// Every file the data refers to, re-hashed where the vault keeps it (as `evidence verify`).
Result<std::vector<std::string>> check_blobs(store::Store& store, const store::Vault& vault,
                                             const std::string& what) {
  auto report = verify_vault(store, vault);
  if (!report.ok()) return report.status();
  if (!report->problems.empty())
    return Status::Corruption(what + ": " + report->problems.front().problem +
                              " (see `crosswalk evidence verify`)");
  return std::move(report->files);
}

std::string manifest_text(const BackupSummary& b, const std::vector<ListedFile>& files) {
  json listed = json::array();
  for (const ListedFile& f : files)
    listed.push_back({{"path", f.path}, {"sha256", f.sha256}, {"bytes", f.bytes}});
  json m = {{"format", kFormat},
            {"format_version", kFormatVersion},
            {"crosswalk_version", CROSSWALK_VERSION},
            {"database", b.database},
            {"schema", b.schema},
            {"created_at", b.created_at},
            {"created_by", b.created_by},
            {"journal", {{"seq", b.journal_seq}, {"head_hash", b.journal_head}}},
            {"evidence", {{"files", b.evidence_files}, {"bytes", b.evidence_bytes}}},
            {"files", listed}};
  return m.dump(2) + "\n";
}

// The manifest, its shape checked: every name one a backup may hold, so nothing is ever
// written outside the directory a restore fills.
Result<Manifest> read_manifest(const ZipReader& zip, const std::string& path) {
  auto text = zip.read("manifest.json", std::size_t{256} << 20);
  if (!text.ok()) return text.status().with_context(path + " is not a Crosswalk backup");
  const nlohmann::json m = nlohmann::json::parse(text.value(), nullptr, false);
  if (!m.is_object() || !m.contains("format") || m["format"] != kFormat)
    return Status::InvalidInput(path + ": manifest.json is not a Crosswalk backup manifest");
  if (m.value("format_version", 0) != kFormatVersion)
    return Status::InvalidInput(
        path + ": backup format version " + m.value("format_version", nlohmann::json()).dump() +
        " is not one this version reads (" + std::to_string(kFormatVersion) + ")");
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(path + ": manifest.json: " + why);
  };
  Manifest out;
  BackupSummary& b = out.backup;
  try {
    b.database = m.at("database").get<std::string>();
    b.schema = m.value("schema", "");
    b.created_at = m.value("created_at", "");
    b.created_by = m.value("created_by", "");
    b.journal_seq = m.at("journal").at("seq").get<std::int64_t>();
    b.journal_head = m.at("journal").at("head_hash").get<std::string>();
    b.evidence_files = m.at("evidence").at("files").get<std::int64_t>();
    b.evidence_bytes = m.at("evidence").at("bytes").get<std::int64_t>();
    for (const auto& f : m.at("files"))
      out.files.push_back({f.at("path").get<std::string>(), f.at("sha256").get<std::string>(),
                           f.at("bytes").get<std::int64_t>()});
  } catch (const nlohmann::json::exception& e) {
    return bad(std::string("a field is missing or of the wrong type (") + e.what() + ")");
  }
  if (b.database != kSqlite && b.database != kPostgres)
    return bad("database '" + b.database + "' is neither sqlite nor postgresql");
  if (b.database == kPostgres && b.schema.empty()) return bad("it names no schema");
  const std::string main_file = b.database == kSqlite ? kSqliteFile : kDumpFile;
  std::set<std::string> seen;
  for (const ListedFile& f : out.files) {
    if (!seen.insert(f.path).second) return bad("'" + f.path + "' is listed twice");
    if (!is_sha256(f.sha256) || f.bytes < 0)
      return bad("'" + f.path + "' has no valid sha256 and size");
    const bool allowed =
        f.path == main_file || (b.database == kSqlite && blob_of(f.path) == f.sha256);
    if (!allowed) return bad("'" + f.path + "' is not a file a " + b.database + " backup holds");
  }
  if (!seen.count(main_file)) return bad("it lists no " + main_file);
  for (const ListedFile& f : out.files)
    if (f.path == main_file) b.database_bytes = f.bytes;
  return out;
}

Status write_head(const std::string& head_path, const BackupSummary& b) {
  if (b.journal_seq == 0) return Status::Ok();
  return write_file_atomically(head_path,
                               store::journal_head_text({b.journal_seq, b.journal_head}));
}

// Extracts one listed file, refusing it unless its bytes are the manifest's.
Status extract_checked(const ZipReader& zip, const ListedFile& f, const std::string& to) {
  std::error_code ec;
  fs::create_directories(fs::path(to).parent_path(), ec);
  if (ec) return Status::IoError("cannot create " + fs::path(to).parent_path().string());
  auto d = zip.extract(f.path, to);
  if (!d.ok()) return d.status().with_context(f.path);
  if (d->sha256 != f.sha256 || d->size != f.bytes)
    return Status::InvalidInput(f.path + ": altered (its SHA-256 or size is not the manifest's)");
  return Status::Ok();
}

Result<RestoreSummary> verify_restored(const WorkspaceOptions& options, const Manifest& m) {
  auto ws = Workspace::open(options, false);
  if (!ws.ok()) return ws.status();
  RestoreSummary r;
  r.backup = m.backup;
  CW_RETURN_IF_ERROR(check_journal(ws.value()->store(), "the restored data", &r.journal_entries));
  auto blobs = check_blobs(ws.value()->store(), ws.value()->vault(), "the restored data");
  if (!blobs.ok()) return blobs.status();
  r.evidence_verified = static_cast<std::int64_t>(blobs->size());
  return r;
}

bool empty_or_missing(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

Result<RestoreSummary> restore_sqlite(const ZipReader& zip, const Manifest& m,
                                      const WorkspaceOptions& target) {
  if (!target.db_url.empty())
    return Status::InvalidInput(
        "--db: a SQLite backup restores into a data directory (--data DIR) as DIR/crosswalk.db");
  std::string dir = fs::path(target.data_dir).lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (!empty_or_missing(dir))
    return Status::Conflict("data directory '" + dir +
                            "' is not empty: restore into a new directory (move the old one "
                            "aside first)");
  auto staging = Staging::create(dir, "restore");
  if (!staging.ok()) return staging.status();
  for (const ListedFile& f : m.files)
    CW_RETURN_IF_ERROR(extract_checked(zip, f, staging->path() + "/" + f.path));
  WorkspaceOptions at{staging->path(), "", target.catalog_dir};
  CW_RETURN_IF_ERROR(write_head(journal_head_path(at), m.backup));
  auto restored = verify_restored(at, m);
  if (!restored.ok()) return restored.status();
  for (const std::string& d : {staging->path() + "/vault", staging->path()})
    if (fs::exists(d)) CW_RETURN_IF_ERROR(fsync_path(d, O_RDONLY | O_DIRECTORY));
  // rename(2) replaces an empty directory; the data appears whole or not at all.
  if (::rename(staging->path().c_str(), dir.c_str()) != 0)
    return Status::IoError("cannot move the restored data to '" + dir +
                           "': " + std::strerror(errno));
  staging->keep();
  const fs::path parent = fs::path(dir).has_parent_path() ? fs::path(dir).parent_path() : ".";
  CW_RETURN_IF_ERROR(fsync_path(parent.string(), O_RDONLY | O_DIRECTORY));
  return restored;
}

Result<RestoreSummary> restore_postgres(const ZipReader& zip, const Manifest& m,
                                        const WorkspaceOptions& target) {
  bool schema_exists = false;
  {
    auto snapshot = store::PostgresSnapshot::take(target.db_url);
    if (!snapshot.ok()) return snapshot.status();
    const store::PostgresSnapshot& at = *snapshot.value();
    // The dump recreates its tables in the schema they came from; the target must look there.
    if (!at.schema().empty() && at.schema() != m.backup.schema)
      return Status::InvalidInput("the backup's tables are in schema '" + m.backup.schema +
                                  "' but " + at.where() + " would read schema '" + at.schema() +
                                  "': restore into a database whose search path " + "starts at '" +
                                  m.backup.schema + "' (…?options=-csearch_path%3D" +
                                  m.backup.schema + ")");
    if (!at.empty())
      return Status::Conflict(at.where() + " already holds Crosswalk data in schema '" +
                              at.schema() + "': restore into an empty database");
    schema_exists = !at.schema().empty();
  }
  auto pg_restore = find_program("pg_restore");
  if (!pg_restore.ok()) return pg_restore.status();
  std::error_code ec;
  fs::create_directories(target.data_dir, ec);
  if (ec) return Status::IoError("cannot create data directory '" + target.data_dir + "'");
  auto staging = Staging::create(target.data_dir + "/restore", "tmp");
  if (!staging.ok()) return staging.status();
  const std::string dump = staging->path() + "/" + kDumpFile;
  for (const ListedFile& f : m.files) CW_RETURN_IF_ERROR(extract_checked(zip, f, dump));
  std::vector<std::string> argv{pg_restore.value(), "--no-owner",
                                "--no-privileges",  "--single-transaction",
                                "--exit-on-error",  "--dbname=" + target.db_url};
  if (schema_exists) {
    auto toc = run_tool({pg_restore.value(), "--list", dump}, staging->path());
    if (!toc.ok()) return toc.status().with_context("reading the dump");
    const std::string list = staging->path() + "/toc.list";
    CW_RETURN_IF_ERROR(write_file_atomically(list, without_schema(toc.value(), m.backup.schema)));
    argv.push_back("--use-list=" + list);
  }
  argv.push_back(dump);
  // One transaction: a dump that fails to load leaves the database as it was.
  auto restored = run_tool(argv, staging->path());
  if (!restored.ok()) return restored.status().with_context("restoring into the database");
  CW_RETURN_IF_ERROR(write_head(journal_head_path(target), m.backup));
  return verify_restored(target, m);
}

}  // namespace

Result<BackupSummary> write_backup(Workspace& ws, const std::string& out_path,
                                   domain::Timestamp now, const std::string& by) {
  BackupSummary b;
  b.created_at = domain::format_datetime(now);
  b.created_by = by;
  auto staging = Staging::create(out_path, "backup");
  if (!staging.ok()) return staging.status();
  std::vector<ListedFile> listed;
  std::vector<ZipMember> members;

  if (ws.on_postgres()) {
    b.database = kPostgres;
    auto pg_dump = find_program("pg_dump");
    if (!pg_dump.ok()) return pg_dump.status();
    CW_RETURN_IF_ERROR(check_journal(ws.store(), "the database", nullptr));
    auto blobs = check_blobs(ws.store(), ws.vault(), "the database");
    if (!blobs.ok()) return blobs.status();
    // The dump shares this transaction's snapshot: it holds exactly the journal read here.
    auto snapshot = store::PostgresSnapshot::take(ws.options().db_url);
    if (!snapshot.ok()) return snapshot.status();
    const store::PostgresSnapshot& snap = *snapshot.value();
    if (snap.schema().empty()) return Status::Corruption("no schema holds Crosswalk's tables");
    // Only Crosswalk's schema: the database may hold other applications' data.
    b.schema = snap.schema();
    const std::string dump = staging->path() + "/" + kDumpFile;
    auto dumped = run_tool({pg_dump.value(), "--format=custom", "--no-owner", "--no-privileges",
                            "--snapshot=" + snap.id(), "--schema=" + b.schema,
                            "--dbname=" + ws.options().db_url, "--file=" + dump},
                           staging->path());
    if (!dumped.ok()) return dumped.status();
    b.journal_seq = snap.journal_head().seq;
    b.journal_head = snap.journal_head().hash;
    b.evidence_files = snap.blobs();
    b.evidence_bytes = snap.blob_bytes();
    auto d = digest_file(dump);
    if (!d.ok()) return d.status();
    b.database_bytes = d->size;
    listed.push_back({kDumpFile, d->sha256, d->size});
    members.push_back({kDumpFile, nullptr, dump, false});  // the custom format is compressed
  } else {
    b.database = kSqlite;
    auto db_path = sqlite_database_path(ws.options());
    if (!db_path.ok()) return db_path.status();
    const std::string copy = staging->path() + "/" + kSqliteFile;
    CW_RETURN_IF_ERROR(store::copy_sqlite_database(db_path.value(), copy));
    std::vector<std::string> refs;
    {
      // What goes into the archive is checked, not the live database it came from.
      auto store = store::open_sqlite_store(copy, "", false);
      if (!store.ok()) return store.status();
      CW_RETURN_IF_ERROR(check_journal(*store.value(), "the database", nullptr));
      auto head = store.value()->journal_head();
      if (!head.ok()) return head.status();
      b.journal_seq = head->seq;
      b.journal_head = head->hash;
      auto blobs = check_blobs(*store.value(), ws.vault(), "the database");
      if (!blobs.ok()) return blobs.status();
      refs = std::move(blobs).value();
    }
    auto d = digest_file(copy);
    if (!d.ok()) return d.status();
    b.database_bytes = d->size;
    listed.push_back({kSqliteFile, d->sha256, d->size});
    members.push_back({kSqliteFile, nullptr, copy, true});
    for (const std::string& sha : refs) {
      auto local = ws.vault().local_file(sha);
      if (!local.ok()) return local.status();
      struct stat st {};
      if (::stat(local->c_str(), &st) != 0)
        return Status::IoError(local.value() + ": " + std::strerror(errno));
      listed.push_back({vault_path(sha), sha, st.st_size});
      // Evidence is mostly compressed already (PDF, images, archives): stored as it is.
      members.push_back({vault_path(sha), nullptr, local.value(), false});
      ++b.evidence_files;
      b.evidence_bytes += st.st_size;
    }
  }
  const std::string manifest = manifest_text(b, listed);
  members.insert(members.begin(), {"manifest.json", &manifest, "", true});
  CW_RETURN_IF_ERROR(write_zip(members, out_path));
  return b;
}

Result<BackupVerdict> verify_backup(const std::string& path) {
  auto zip = ZipReader::open(path);
  if (!zip.ok()) return zip.status();
  auto m = read_manifest(zip.value(), path);
  if (!m.ok()) return m.status();
  BackupVerdict v;
  v.backup = m->backup;
  std::set<std::string> listed{"manifest.json"};
  for (const ListedFile& f : m->files) {
    listed.insert(f.path);
    if (!zip->contains(f.path)) {
      v.problems.push_back({f.path, "missing"});
      continue;
    }
    auto d = zip->digest(f.path);
    if (!d.ok())
      v.problems.push_back({f.path, "unreadable: " + d.status().message()});
    else if (d->sha256 != f.sha256 || d->size != f.bytes)
      v.problems.push_back({f.path, "altered"});
  }
  for (const std::string& name : zip->names())
    if (!listed.count(name)) v.problems.push_back({name, "not in the manifest"});
  v.ok = v.problems.empty();
  return v;
}

Result<RestoreSummary> restore_backup(const std::string& path, const WorkspaceOptions& target) {
  auto zip = ZipReader::open(path);
  if (!zip.ok()) return zip.status();
  auto m = read_manifest(zip.value(), path);
  if (!m.ok()) return m.status();
  std::set<std::string> listed{"manifest.json"};
  for (const ListedFile& f : m->files) listed.insert(f.path);
  for (const std::string& name : zip->names())
    if (!listed.count(name))
      return Status::InvalidInput(path + ": " + name + " is not in the manifest");
  const bool to_postgres = is_postgres_url(target.db_url);
  if (m->backup.database == kPostgres && !to_postgres)
    return Status::InvalidInput(path +
                                " is a PostgreSQL backup: restore it into an empty PostgreSQL "
                                "database (--db postgresql://USER@HOST:PORT/DATABASE)");
  if (m->backup.database == kSqlite && to_postgres)
    return Status::InvalidInput(path +
                                " is a SQLite backup: restore it into a data directory (--data "
                                "DIR), then `crosswalk migrate` moves it to PostgreSQL");
  auto restored = to_postgres ? restore_postgres(zip.value(), m.value(), target)
                              : restore_sqlite(zip.value(), m.value(), target);
  if (!restored.ok()) return restored.status().with_context(path);
  return restored;
}

}  // namespace crosswalk::service
