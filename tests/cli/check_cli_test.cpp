// `crosswalk check`: the database's own integrity checks, the journal chain and the vault, on a
// healthy data directory and after each kind of damage.
#include <fstream>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

class CheckCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    write("policy.txt", "information security policy, approved");
    evidence = ok("--json evidence add --control ORG-01 --file policy.txt").js();
    ok("control set-status ORG-01 implemented");
  }
  // The check named `name` in the JSON report.
  static json find(const json& report, const std::string& name) {
    for (const json& c : report["checks"])
      if (c["name"] == name) return c;
    ADD_FAILURE() << "no check '" << name << "' in " << report.dump();
    return json::object();
  }
  // Overwrites `bytes` bytes of the SQLite file at `offset` with 0xFF.
  void scribble(std::streamoff offset, std::size_t bytes) {
    query("PRAGMA wal_checkpoint(TRUNCATE)");
    std::fstream f(data + "/crosswalk.db", std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f);
    f.seekp(offset);
    const std::string garbage(bytes, '\xff');
    f.write(garbage.data(), std::streamsize(garbage.size()));
  }
  json evidence;
};

TEST_F(CheckCli, AHealthyDataDirectoryPassesEveryCheck) {
  const Outcome r = ok("check");
  EXPECT_NE(r.out.find("ok      journal  journal chain: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok      vault    vault: 1 evidence files re-hashed"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("failed"), std::string::npos) << r.out;

  const json report = ok("--json check").js();
  EXPECT_TRUE(report["ok"]);
  if (db.postgres()) {
    EXPECT_EQ(find(report, "postgresql indexes and constraints")["outcome"], "ok");
    EXPECT_EQ(find(report, "postgresql tables read")["outcome"], "ok");
    // Installed or not in the test server's database: never a failure.
    EXPECT_NE(find(report, "amcheck bt_index_check")["outcome"], "failed");
  } else {
    EXPECT_EQ(find(report, "sqlite integrity_check")["outcome"], "ok");
    EXPECT_EQ(find(report, "sqlite foreign_key_check")["outcome"], "ok");
  }
  EXPECT_EQ(find(report, "journal chain")["kind"], "journal");
  EXPECT_EQ(find(report, "vault")["problems"], json::array());
}

TEST_F(CheckCli, AnAlteredEvidenceFileFailsNamingIt) {
  const std::string sha = evidence["sha256"], id = evidence["id"];
  if (db.postgres())
    query("UPDATE blob_chunks SET data = 'forged' WHERE sha256 = '" + sha + "'");
  else
    std::ofstream(data + "/vault/" + sha.substr(0, 2) + "/" + sha) << "forged";
  const Outcome r = cw("check");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("failed  vault    vault: 1 of 1 evidence files missing or altered (" + id),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("check failed"), std::string::npos) << r.err;
  const json report = cw("--json check").js();
  EXPECT_FALSE(report["ok"]);
  EXPECT_EQ(find(report, "vault")["problems"][0]["evidence"], id);
  EXPECT_EQ(find(report, "journal chain")["outcome"], "ok");
}

TEST_F(CheckCli, AnEditedJournalEntryFailsNamingIt) {
  query("UPDATE journal SET actor = 'mallory' WHERE seq = 3");
  const Outcome r = cw("check");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("failed  journal  journal chain: broken at entry 3"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ok      vault"), std::string::npos) << r.out;
}

TEST_F(CheckCli, ACorruptedSqlitePageFailsTheIntegrityCheck) {
  if (db.postgres()) GTEST_SKIP() << "about SQLite's file";
  const int page_size = std::stoi(query("PRAGMA page_size"));
  // The cell pointers of an index's root page that nothing on the way reads: only SQLite's own
  // check notices.
  const int root = std::stoi(query(
      "SELECT rootpage FROM sqlite_master WHERE name = 'control_requirements_by_requirement'"));
  scribble(std::streamoff(root - 1) * page_size + 12, 16);
  const Outcome r = cw("check");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("failed  database sqlite integrity_check: "), std::string::npos) << r.out;
  // SQLite lists the damaged cells ("On tree page N cell …") or stops at the first one.
  EXPECT_TRUE(r.out.find("On tree page " + std::to_string(root)) != std::string::npos ||
              r.out.find("malformed") != std::string::npos)
      << r.out;

  // A file that is no longer a database at all is still this command's finding, exit 1.
  scribble(0, 16);
  const Outcome broken = cw("check");
  EXPECT_EQ(broken.code, 1) << broken.out << broken.err;
  EXPECT_NE(broken.out.find("failed  database open: "), std::string::npos) << broken.out;
}

TEST_F(CheckCli, OnPostgresAmcheckVerifiesEveryIndexWhenInstalled) {
  if (!db.postgres()) GTEST_SKIP() << "about PostgreSQL";
  // A database of its own: an extension is per database, and the other tests share one.
  const std::string name = "check_" + db.schema();
  query("CREATE DATABASE " + name);
  std::string url = testing::postgres_test_url();
  url = url.substr(0, url.rfind('/') + 1) + name;
  const Outcome amcheck = sh("psql -q '" + url + "' -c 'CREATE EXTENSION amcheck'");
  if (amcheck.code == 0) {
    ok("--db '" + url + "' init");
    const json report = ok("--db '" + url + "' --json check").js();
    EXPECT_EQ(find(report, "amcheck bt_index_check")["outcome"], "ok") << report.dump();
    EXPECT_EQ(find(report, "amcheck verify_heapam")["outcome"], "ok") << report.dump();
    EXPECT_NE(find(report, "amcheck bt_index_check")["detail"].get<std::string>().find(
                  "b-tree indexes consistent"),
              std::string::npos);
  }
  sh("psql -q '" + testing::postgres_test_url() + "' -c 'DROP DATABASE " + name + " WITH (FORCE)'");
  if (amcheck.code != 0) GTEST_SKIP() << "amcheck is not available: " << amcheck.err;
}

}  // namespace
}  // namespace crosswalk
