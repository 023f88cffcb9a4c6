// `crosswalk backup`, `verify backup` and `restore` on SQLite and PostgreSQL: a small organization
// (the audit fixture, an evidence file, an imported scan) comes back byte for byte in its
// database, with a journal that verifies and evidence files that match their hashes; a backup
// taken while writers run is one moment of the organization; tampered, misdirected or damaged
// archives are refused naming why, and write nothing; a damaged organization is not backed up.
#include <gtest/gtest.h>

#include <random>

#include "../server/serve_process.h"
#include "cli_fixture.h"
#include "zip_files.h"

namespace crosswalk {
namespace {

namespace fs = std::filesystem;

const std::string kAudits = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/audits/";
const std::string kSarif =
    std::string(CROSSWALK_SOURCE_DIR) + "/../shared/samples/sarif/semgrep-with_source.sarif";
const std::string kNow = "CROSSWALK_NOW=2026-12-04T12:00:00Z";

using testing::read_zip;
using testing::write_zip;

// Where a restore goes: a new data directory, or on PostgreSQL a new database on the test
// server whose search path names the backed-up schema (the dump recreates it there).
class RestoreTarget {
 public:
  RestoreTarget(const testing::TestDatabase& source, const std::string& dir) : dir_(dir) {
    if (!source.postgres()) return;
    base_ = testing::postgres_test_url();
    std::random_device rd;
    name_ = "restore_" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000000);
    testing::postgres_exec(base_, "CREATE DATABASE " + name_);
    url_ = testing::TestDatabase::with_schema(base_.substr(0, base_.rfind('/') + 1) + name_,
                                              source.schema());
  }
  ~RestoreTarget() {
    if (name_.empty()) return;
    try {
      testing::postgres_exec(base_, "DROP DATABASE " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  // The options a crosswalk command needs to work on the restored organization.
  std::string args() const {
    return "--data " + dir_ + (url_.empty() ? "" : " --db '" + url_ + "'");
  }
  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_, base_, name_, url_;
};

class BackupCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    run_commands(kAudits + "small_org.commands", kNow);
    write("backup-policy.txt", "Backups: nightly, restored quarterly.\n");
    ok("evidence add --control TEC-13 --file backup-policy.txt --valid-days 365", kNow);
    EXPECT_EQ(cw("import " + kSarif + " --format sarif", kNow).code, 1) << "two failing checks";
  }
  std::string backup() { return dir / "backup.zip"; }
  // crosswalk run against another organization than the test's own.
  Outcome cw_at(const RestoreTarget& t, const std::string& args) {
    return sh("CROSSWALK_DB= " CROSSWALK_BINARY " " + t.args() + " " + args);
  }
  // Everything a database holds, as text: the test's own, or a restored one.
  std::string dump_of(const RestoreTarget* t) {
    if (!t) return dump_database();
    const Outcome r = db.postgres() ? sh("pg_dump -n " + db.schema() + " '" + t->url() + "'")
                                    : sh("sqlite3 " + t->dir() + "/crosswalk.db .dump");
    EXPECT_EQ(r.code, 0) << r.err;
    std::istringstream in(r.out);
    std::string out;
    for (std::string line; std::getline(in, line);)
      if (line.rfind("\\restrict ", 0) != 0 && line.rfind("\\unrestrict ", 0) != 0)
        out += line + "\n";
    return out;
  }
  json journal_of(const RestoreTarget* t) {
    const Outcome r =
        t ? cw_at(*t, "--json journal list --limit 1000") : cw("--json journal list --limit 1000");
    EXPECT_EQ(r.code, 0) << r.err;
    return r.js();
  }
};

TEST_F(BackupCli, ARestoredBackupIsTheSameOrganizationAndVerifies) {
  const json made = ok("--json backup --out " + backup(), kNow).js();
  EXPECT_EQ(made["database"], db.postgres() ? "postgresql" : "sqlite");
  EXPECT_GE(made["evidence_files"].get<int>(), 2) << "the policy and the imported scan";
  EXPECT_GT(made["journal_seq"].get<int>(), 10);
  const auto files = read_zip(backup());
  const json manifest = json::parse(files.at("manifest.json"));
  EXPECT_EQ(manifest["format"], "crosswalk-backup");
  EXPECT_EQ(manifest["files"].size(), files.size() - 1) << "every file but the manifest listed";
  EXPECT_EQ(files.count(db.postgres() ? "database.pgdump" : "crosswalk.db"), 1u);

  const json verified = ok("--json verify backup " + backup()).js();
  EXPECT_EQ(verified["ok"], true);
  EXPECT_EQ(verified["journal_head"], made["journal_head"]);

  RestoreTarget target(db, dir / "restored");
  const Outcome restored = cw_at(target, "--json restore " + backup());
  ASSERT_EQ(restored.code, 0) << restored.err;
  EXPECT_EQ(restored.js()["journal_entries_verified"], made["journal_seq"]);
  EXPECT_EQ(restored.js()["evidence_files_verified"], made["evidence_files"]);

  EXPECT_EQ(dump_of(&target), dump_of(nullptr)) << "the restored database holds what was saved";
  EXPECT_EQ(cw_at(target, "journal verify").code, 0);
  EXPECT_EQ(cw_at(target, "evidence verify").code, 0);
  EXPECT_EQ(cw_at(target, "--json readiness").out, cw("--json readiness").out);
  // The evidence file itself comes back.
  const json evidence = ok("--json evidence list").js();
  std::string policy_id;
  for (const json& e : evidence)
    if (e.value("filename", "") == "backup-policy.txt") policy_id = e["id"];
  ASSERT_FALSE(policy_id.empty()) << evidence.dump();
  ASSERT_EQ(cw_at(target, "evidence export " + policy_id + " --out " + (dir / "policy.txt")).code,
            0);
  EXPECT_EQ(read(dir / "policy.txt"), "Backups: nightly, restored quarterly.\n");
  // And the restored organization goes on: a new change is journaled on the restored chain.
  EXPECT_EQ(cw_at(target, "evidence add --control TEC-13 --note 'restore drill passed'").code, 0);
  EXPECT_EQ(cw_at(target, "journal verify").code, 0);
}

TEST_F(BackupCli, ABackupTakenWhileWritersRunIsOneMomentOfTheOrganization) {
  // Twenty changes from another process while the backup is taken.
  const std::string pid_file = dir / "writer.pid";
  sh("{ (for i in $(seq 1 20); do " CROSSWALK_BINARY " --data " + data +
     " evidence add --control TEC-13 --note \"note $i\" >/dev/null 2>&1; done) >/dev/null 2>&1 & "
     "echo $! > " +
     pid_file + "; }");
  ok("backup --out " + backup());
  const int before_wait = count("evidence");
  sh("while kill -0 $(cat " + pid_file + ") 2>/dev/null; do sleep 0.1; done");
  EXPECT_LT(before_wait, count("evidence")) << "the writer was still writing after the backup";

  RestoreTarget target(db, dir / "restored");
  ASSERT_EQ(cw_at(target, "restore " + backup()).code, 0);
  EXPECT_EQ(cw_at(target, "journal verify").code, 0);
  EXPECT_EQ(cw_at(target, "evidence verify").code, 0);
  // The restored journal is the beginning of the original's (oldest first): no entry torn, none
  // out of order.
  const json saved = journal_of(&target);
  const json now = journal_of(nullptr);
  ASSERT_LE(saved.size(), now.size());
  ASSERT_LT(now.size(), 1000u) << "the whole journal fits one listing";
  for (std::size_t i = 0; i < saved.size(); ++i)
    ASSERT_EQ(saved[i]["hash"], now[i]["hash"]) << "entry " << i + 1;
}

TEST_F(BackupCli, TamperedOrMisdirectedBackupsAreRefusedAndWriteNothing) {
  ok("backup --out " + backup());
  const auto files = read_zip(backup());
  RestoreTarget target(db, dir / "restored");
  const auto refused = [&](const std::string& zip, const std::string& why) {
    const Outcome r = cw_at(target, "restore " + zip);
    EXPECT_EQ(r.code, 2) << zip << ": " << r.out << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(target.dir() + "/crosswalk.db")) << zip;
    if (db.postgres()) {
      const Outcome tables = sh("psql -tAq '" + target.url() +
                                "' -c \"SELECT count(*) FROM information_schema.tables WHERE "
                                "table_schema = '" +
                                db.schema() + "'\"");
      EXPECT_EQ(tables.out, "0\n") << zip << " left tables behind";
    }
  };

  // One byte of the database (or of the dump) changed.
  auto altered = files;
  std::string& main_file = altered.at(db.postgres() ? "database.pgdump" : "crosswalk.db");
  main_file[main_file.size() / 2] ^= 1;
  write_zip(dir / "altered.zip", altered);
  const Outcome checked = cw("--json verify backup " + (dir / "altered.zip"));
  EXPECT_EQ(checked.code, 1);
  EXPECT_EQ(checked.js()["problems"][0]["problem"], "altered") << checked.out;
  refused(dir / "altered.zip", "altered");

  // A file the manifest does not list, named to climb out of the target directory.
  auto extra = files;
  extra["../../escaped.txt"] = "written outside";
  write_zip(dir / "extra.zip", extra);
  refused(dir / "extra.zip", "is not in the manifest");
  EXPECT_FALSE(fs::exists(dir / "escaped.txt"));

  // A manifest that lists such a file.
  auto listed = files;
  json manifest = json::parse(files.at("manifest.json"));
  manifest["files"].push_back(
      {{"path", "../escaped.txt"}, {"sha256", std::string(64, 'a')}, {"bytes", 1}});
  listed["manifest.json"] = manifest.dump();
  listed["../escaped.txt"] = "x";
  write_zip(dir / "listed.zip", listed);
  refused(dir / "listed.zip", "is not a file a");

  // Not a backup at all.
  write("notes.zip", "just text");
  refused(dir / "notes.zip", "not a readable zip archive");
  ok("export audit-pack --out " + (dir / "pack.zip"), kNow);
  refused(dir / "pack.zip", "not a Crosswalk backup");

  // A backup restored where it cannot go.
  if (!db.postgres()) {
    const Outcome to_pg = cw("--db postgresql://nobody@127.0.0.1:1/none restore " + backup());
    EXPECT_EQ(to_pg.code, 2);
    EXPECT_NE(to_pg.err.find("is a SQLite backup"), std::string::npos) << to_pg.err;
  }
  const Outcome over = cw("restore " + backup());  // the test's own organization
  EXPECT_EQ(over.code, 2) << over.err;
  EXPECT_NE(over.err.find(db.postgres() ? "already holds Crosswalk data" : "is not empty"),
            std::string::npos)
      << over.err;

  // The good archive still restores after all that.
  EXPECT_EQ(cw_at(target, "restore " + backup()).code, 0);
}

TEST_F(BackupCli, ADamagedOrganizationIsNotBackedUpAndNoFileIsLeft) {
  const json evidence = ok("--json evidence list").js();
  std::string sha;
  for (const json& e : evidence)
    if (e.value("filename", "") == "backup-policy.txt") sha = e["sha256"];
  ASSERT_EQ(sha.size(), 64u);
  if (db.postgres())
    query("UPDATE blob_chunks SET data = decode('00', 'hex') WHERE sha256 = '" + sha + "'");
  else
    std::ofstream(data + "/vault/" + sha.substr(0, 2) + "/" + sha, std::ios::trunc) << "forged";
  const Outcome r = cw("backup --out " + backup());
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find(sha), std::string::npos) << "names the damaged file: " << r.err;
  EXPECT_NE(r.err.find("evidence verify"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(backup()));
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_NE(e.path().filename().string().rfind(".backup.zip", 0), 0u)
        << e.path() << " left behind";
}

// A refused import keeps the file it refused, without an evidence item: `evidence verify`,
// `check` and `backup` re-hash it like any other.
TEST_F(BackupCli, AnAlteredFileOfARefusedImportIsFoundAndStopsTheBackup) {
  const std::string malformed = std::string(CROSSWALK_SOURCE_DIR) +
                                "/../shared/samples/sarif/malformed/"
                                "sarif-sdk-JSON1001.SyntaxError.sarif";
  EXPECT_EQ(cw("import " + malformed + " --format sarif").code, 2);
  const std::string sha =
      query("SELECT sha256 FROM imports WHERE evidence_id IS NULL OR evidence_id = '' LIMIT 1");
  ASSERT_EQ(sha.size(), 64u) << "the refused file is kept";
  ASSERT_TRUE(blob_stored(sha));
  EXPECT_EQ(ok("evidence verify").code, 0);
  if (db.postgres())
    query("UPDATE blob_chunks SET data = decode('00', 'hex') WHERE sha256 = '" + sha + "'");
  else
    std::ofstream(data + "/vault/" + sha.substr(0, 2) + "/" + sha, std::ios::trunc) << "forged";
  const Outcome verified = cw("evidence verify");
  EXPECT_EQ(verified.code, 1);
  EXPECT_NE(verified.err.find("imported file"), std::string::npos) << verified.err;
  EXPECT_NE(verified.err.find(sha), std::string::npos) << verified.err;
  EXPECT_EQ(cw("check").code, 1);
  const Outcome backed_up = cw("backup --out " + backup());
  EXPECT_NE(backed_up.code, 0);
  EXPECT_NE(backed_up.err.find(sha), std::string::npos) << backed_up.err;
  EXPECT_FALSE(fs::exists(backup()));
}

TEST_F(BackupCli, AdministratorsDownloadABackupFromTheRunningServerAndItRestores) {
  for (const char* user : {"ada", "vic"})
    EXPECT_EQ(sh("printf 'a long enough passphrase\\n' | " CROSSWALK_BINARY " --data " + data +
                 " user add " + user + " --role " + (user[0] == 'a' ? "admin" : "manager") +
                 " --password-stdin")
                  .code,
              0);
  auto token_of = [&](const std::string& user) {
    std::string t = ok("token create --user " + user).out;
    return t.erase(t.find_last_not_of('\n') + 1);
  };
  const std::string admin = token_of("ada"), manager = token_of("vic");
  testing::ServeProcess server;
  server.start(data, dir / "access.log");
  const auto get = [&](const std::string& path, const std::string& token, const std::string& out) {
    return sh("curl -s -o " + out + " -w '%{http_code}' -H 'Authorization: Bearer " + token + "' " +
              server.base() + path)
        .out;
  };
  EXPECT_EQ(get("/api/v1/backup", manager, dir / "refused.zip"), "403") << "managers may not";
  EXPECT_EQ(get("/api/v1/backup", admin, backup()), "200");
  // Changes after the download are not in it; the download restores as it was.
  ok("evidence add --control TEC-13 --note 'after the backup'");
  const json verified = ok("--json verify backup " + backup()).js();
  EXPECT_EQ(verified["ok"], true);
  RestoreTarget target(db, dir / "restored");
  ASSERT_EQ(cw_at(target, "restore " + backup()).code, 0);
  EXPECT_EQ(cw_at(target, "journal verify").code, 0);
  const int last = verified["journal_seq"];
  EXPECT_EQ(cw_at(target, "--json journal list --after " + std::to_string(last - 1)).js(),
            ok("--json journal list --after " + std::to_string(last - 1) + " --limit 1").js())
      << "the restored journal ends where the backup's manifest says";
  // No scratch file stays behind in the server's vault.
  server.kill_hard();
  if (fs::exists(data + "/vault/tmp"))
    for (const auto& e : fs::directory_iterator(data + "/vault/tmp"))
      ADD_FAILURE() << e.path() << " left behind";
}

}  // namespace
}  // namespace crosswalk
