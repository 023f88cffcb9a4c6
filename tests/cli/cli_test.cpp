// The `crosswalk` binary on real data directories, as a user or a script drives it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "common/sha256.h"

namespace crosswalk {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
  json js() const {
    try {
      return json::parse(out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not JSON: " << out << "\nstderr: " << err;
      return nullptr;
    }
  }
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override { db.export_to_child_processes(); }
  // Runs SQL behind Crosswalk's back, as someone with access to the database could.
  int tamper(const std::string& sql) {
    const std::string cmd = db.postgres() ? "psql -q '" + db.url() + "' -c \"" + sql + "\""
                                          : "sqlite3 " + data + "/crosswalk.db \"" + sql + "\"";
    return std::system(cmd.c_str());
  }
  // Whether the vault holds a blob: a file beside SQLite, rows in PostgreSQL.
  bool blob_stored(const std::string& sha) {
    if (!db.postgres()) return fs::exists(data + "/vault/" + sha.substr(0, 2) + "/" + sha);
    return sh("psql -tAq '" + db.url() + "' -c \"SELECT count(*) FROM blobs WHERE sha256 = '" +
              sha + "'\"")
               .out == "1\n";
  }
  // Everything the database holds, as text.
  Outcome dump_database() {
    return db.postgres() ? sh("pg_dump -n " + db.schema() + " '" + db.url() + "'")
                         : sh("sqlite3 " + data + "/crosswalk.db .dump");
  }
  // Runs a shell command in the test directory, capturing stdout, stderr and the exit code.
  Outcome sh(const std::string& command) {
    const std::string err = dir / "stderr.txt";
    const std::string cmd = "cd " + dir.path() + " && " + command + " 2>" + err;
    Outcome r;
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream e(err);
    std::stringstream ss;
    ss << e.rdbuf();
    r.err = ss.str();
    return r;
  }
  // Runs crosswalk on the test's data directory (unless args name another one).
  Outcome cw(const std::string& args, const std::string& env = "") {
    const std::string data_option =
        args.find("--data ") == std::string::npos ? " --data " + data : "";
    return sh(env + " " CROSSWALK_BINARY + data_option + " " + args);
  }
  // Runs crosswalk with `input` as its standard input.
  Outcome cw_input(const std::string& input, const std::string& args) {
    write("stdin.txt", input + "\n");
    return cw(args + " < stdin.txt");
  }
  Outcome ok(const std::string& args, const std::string& env = "") {
    Outcome r = cw(args, env);
    EXPECT_EQ(r.code, 0) << args << "\nstdout: " << r.out << "\nstderr: " << r.err;
    return r;
  }
  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir / name) << content;
  }
  // Everything a user could see of the organization: must not change on refused input.
  std::string observable_state() {
    return ok("--json control list").out + ok("--json evidence list").out +
           ok("--json journal list").out;
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  std::string data = dir / "data";
};

TEST_F(Cli, InitCreatesSeedsAndIsIdempotent) {
  json first = ok("--json init").js();
  EXPECT_TRUE(first["seeded"]);
  EXPECT_EQ(first["frameworks"], 2);
  EXPECT_EQ(first["requirements"], 193);
  if (!db.postgres()) {
    EXPECT_TRUE(fs::exists(data + "/crosswalk.db"));
  }
  json again = ok("--json init").js();
  EXPECT_FALSE(again["seeded"]);
  EXPECT_EQ(ok("--json journal verify").js()["entries"], 1);
}

TEST_F(Cli, FrameworkShowListsRequirementsWithStatusAndReason) {
  ok("init");
  json list = ok("--json framework list").js();
  ASSERT_EQ(list.size(), 2u);
  json f = ok("--json framework show iso42001-2023").js();
  EXPECT_EQ(f["id"], "iso42001-2023");
  EXPECT_FALSE(f["name"].get<std::string>().empty());
  ASSERT_EQ(f["requirements"].size(), 70u);
  const json& last = f["requirements"].back();
  EXPECT_EQ(last["ref"], "A.10.4");
  EXPECT_EQ(last["kind"], "annex_a");
  EXPECT_EQ(last["group"], "A.10");
  EXPECT_EQ(last["assessable"], true);
  EXPECT_EQ(last["status"], "not_met");
  EXPECT_EQ(last["reason"], "no control is linked to it");
  EXPECT_EQ(f["requirements"][10]["ref"], "6.1.4");
  EXPECT_EQ(f["requirements"][10]["kind"], "clause");
}

TEST_F(Cli, AdoptImplementEvidenceAndReadinessMoves) {
  ok("init");
  json adopted = ok("--json control adopt --all").js();
  const auto n = adopted["adopted"].size();
  EXPECT_GE(n, 100u);
  json controls = ok("--json control list").js();
  ASSERT_EQ(controls.size(), n);
  const std::string id = controls[0]["id"];
  EXPECT_EQ(controls[0]["status"], "not_implemented");
  EXPECT_FALSE(controls[0]["requirements"].empty());

  ok("control set-status " + id + " implemented");
  json shown = ok("--json control show " + id).js();
  EXPECT_EQ(shown["status"], "unevidenced");
  EXPECT_EQ(shown["version"], 2);

  write("policy.txt", "Our information security and AI policy, approved 2026-10-01.");
  json ev = ok("--json evidence add --control " + id +
               " --file policy.txt --valid-days 365 --note approved")
                .js();
  EXPECT_EQ(ev["sha256"].get<std::string>().size(), 64u);
  EXPECT_TRUE(blob_stored(ev["sha256"]));
  EXPECT_EQ(ok("--json control show " + id).js()["status"], "operating");

  json readiness = ok("--json readiness").js();
  ASSERT_EQ(readiness.size(), 2u);
  for (const json& r : readiness) {
    for (const char* key :
         {"framework", "met", "partly_met", "not_met", "not_applicable", "applicable", "percent"})
      EXPECT_TRUE(r.contains(key)) << key;
    EXPECT_TRUE(r["percent"].is_number());
    EXPECT_EQ(r["met"].get<int>() + r["partly_met"].get<int>() + r["not_met"].get<int>(),
              r["applicable"].get<int>());
  }
  json one = ok("--json readiness --framework iso27001-2022").js();
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["applicable"], 123);

  // The evidence expires: a year and a month later the control is stale.
  EXPECT_EQ(ok("--json control show " + id, "CROSSWALK_NOW=2099-01-01").js()["status"], "stale");
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
}

TEST_F(Cli, GapListsEvery42001RequirementWithMappingsAndTemplates) {
  ok("init");
  json gap = ok("--json gap --target iso42001-2023 --from iso27001-2022").js();
  EXPECT_EQ(gap["target"], "iso42001-2023");
  EXPECT_EQ(gap["source"], "iso27001-2022");
  EXPECT_EQ(gap["total"], 70);
  EXPECT_EQ(gap["met"], 0);
  ASSERT_EQ(gap["items"].size(), 70u);
  for (const json& it : gap["items"]) {
    EXPECT_TRUE(it["status"] == "not_met") << it.dump();
    EXPECT_TRUE(it["via"].is_array());
    EXPECT_FALSE(it["closing_templates"].empty()) << it["ref"];
    for (const json& v : it["via"]) {
      EXPECT_TRUE(v.contains("relation"));
      EXPECT_FALSE(v["rationale"].get<std::string>().empty());
    }
  }
  json what_if =
      ok("--json gap --target iso42001-2023 --from iso27001-2022 --assume-source-met").js();
  EXPECT_GT(what_if["met"].get<int>() + what_if["partly_met"].get<int>(), 0);
  EXPECT_GT(what_if["not_met"].get<int>(), 0);  // some of ISO 42001 has no ISO 27001 counterpart
  EXPECT_EQ(
      what_if["met"].get<int>() + what_if["partly_met"].get<int>() + what_if["not_met"].get<int>(),
      70);
}

TEST_F(Cli, BadInputIsAClearErrorAndChangesNothing) {
  ok("init");
  ok("control adopt --all");
  const std::string before = observable_state();
  write("evidence.txt", "x");

  Outcome r = cw("evidence add --control NO-SUCH --file evidence.txt");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown control 'NO-SUCH'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(data + "/vault")) << "a refused upload left a blob behind";
  EXPECT_FALSE(blob_stored(sha256_hex("x"))) << "a refused upload left a blob behind";

  const std::string first = ok("--json control list").js()[0]["id"];
  r = cw("evidence add --control " + first + " --file missing.pdf");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("missing.pdf"), std::string::npos) << r.err;

  r = cw("control set-status " + first + " done");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("'done' is not one of"), std::string::npos) << r.err;
  r = cw("control set-status NOPE implemented");
  EXPECT_EQ(r.code, 2);
  r = cw("control set-status " + first + " implemented --if-version 7");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("changed by someone else"), std::string::npos) << r.err;
  r = cw("control adopt NOT-A-TEMPLATE");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("NOT-A-TEMPLATE"), std::string::npos);
  r = cw("evidence add --control " + first + " --file evidence.txt --valid-days -3");
  EXPECT_EQ(r.code, 2);
  r = cw("framework show nist-800-53");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown framework 'nist-800-53'"), std::string::npos);
  r = cw("gap --target iso42001-2023 --from nope");
  EXPECT_EQ(r.code, 2);
  r = cw("readiness --bogus-flag");
  EXPECT_EQ(r.code, 2);

  EXPECT_EQ(observable_state(), before);
}

TEST_F(Cli, ANewerCatalogIsSeededByInitAndKeepsTheOrganizationsControls) {
  ok("init");
  ok("control adopt AI-01");
  ok("control set-status AI-01 implemented");
  fs::copy(CROSSWALK_SOURCE_DIR "/catalog", dir / "cat", fs::copy_options::recursive);
  const std::string path = dir / "cat/frameworks/iso42001-2023.json";
  json fw = json::parse(std::ifstream(path));
  fw["requirements"][0]["title"] = "Context of the organization (revised wording)";
  std::ofstream(path) << fw.dump(2);

  json r = ok("--json init --catalog " + (dir / "cat")).js();
  EXPECT_TRUE(r["seeded"]);
  EXPECT_EQ(ok("--json framework show iso42001-2023").js()["requirements"][0]["title"],
            "Context of the organization (revised wording)");
  json control = ok("--json control show AI-01").js();
  EXPECT_EQ(control["implementation"], "implemented");
  EXPECT_FALSE(control["requirements"].empty());
  EXPECT_FALSE(ok("--json init --catalog " + (dir / "cat")).js()["seeded"]);
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
}

TEST_F(Cli, MalformedCatalogIsRefusedBeforeAnythingIsCreated) {
  fs::create_directories(dir / "cat/frameworks");
  write("cat/frameworks/broken.json", "{\n  \"id\": \"x\",\n  \"name\": oops\n}");
  Outcome r = cw("init --catalog " + (dir / "cat"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("frameworks/broken.json: malformed JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(data));
}

TEST_F(Cli, ADatabaseURLThatCannotWorkIsAClearError) {
  Outcome r = cw("--db postgresql://nobody@127.0.0.1:1/nowhere readiness");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot connect to postgresql://nobody@127.0.0.1:1/nowhere"),
            std::string::npos)
      << r.err;
  r = cw("--db 'postgresql://secret-user:hunter2@127.0.0.1:1/x' readiness");
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << "a password in a message: " << r.err;
  r = cw("--db 'postgresql://host:notaport/x' readiness");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("postgresql://"), std::string::npos) << r.err;
  r = cw("--db mysql://db/x readiness");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unsupported database URL"), std::string::npos) << r.err;
}

// Servers or commands starting together on a new database: the schema and the catalog are
// created once, whoever comes first.
TEST_F(Cli, InitsRacingOnANewDatabaseCreateItOnce) {
  std::string script;
  for (int i = 0; i < 3; ++i)
    script += "( " CROSSWALK_BINARY " --data " + data + " init >/dev/null 2>init" +
              std::to_string(i) + ".err; echo $? >init" + std::to_string(i) + ".rc ) & ";
  sh("bash -c '" + script + "wait'");
  for (int i = 0; i < 3; ++i) {
    std::ifstream rc(dir / ("init" + std::to_string(i) + ".rc")),
        err(dir / ("init" + std::to_string(i) + ".err"));
    std::string code, message((std::istreambuf_iterator<char>(err)), {});
    rc >> code;
    EXPECT_EQ(code, "0") << message;
  }
  json v = ok("--json journal verify").js();
  EXPECT_TRUE(v["ok"]);
  EXPECT_EQ(v["entries"], 1) << "the catalog was seeded more than once";
}

TEST_F(Cli, UnusableDataDirectoryIsAClearError) {
  write("a-file", "not a directory");
  Outcome r = cw("--data " + (dir / "a-file") + " init");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
  r = cw("--data " + (dir / "never-initialized") + " readiness");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("crosswalk init"), std::string::npos) << r.err;
  if (::geteuid() != 0) {  // root ignores permission bits
    ok("init");
    fs::permissions(data, fs::perms::owner_read | fs::perms::owner_exec);
    r = cw("control adopt --all");
    fs::permissions(data, fs::perms::owner_all);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("not writable"), std::string::npos) << r.err;
  }
}

// A data directory on a read-only mount (made in a private mount namespace): reads work, writes
// are refused with a clear message, and nothing changes.
TEST_F(Cli, ReadOnlyDataDirectoryAllowsReadsAndRefusesWrites) {
  if (db.postgres()) GTEST_SKIP() << "on PostgreSQL the data directory holds only a file cache";
  ok("init");
  ok("control adopt --all");
  const std::string before = observable_state();
  const std::string script = dir / "ro.sh";
  write("ro.sh", "set -e\nmount --bind " + data + " " + data + "\nmount -o remount,ro,bind " +
                     data + " " + data + "\n" CROSSWALK_BINARY " --data " + data + " \"$@\"\n");
  auto in_ro = [&](const std::string& args) {
    return sh("unshare -m bash " + script + " " + args);
  };
  Outcome probe = in_ro("--json readiness");
  if (probe.code != 0 && probe.err.find("crosswalk:") == std::string::npos)
    GTEST_SKIP() << "cannot make a read-only mount here: " << probe.err;
  EXPECT_EQ(probe.code, 0) << probe.err;
  EXPECT_EQ(probe.js().size(), 2u);
  Outcome w = in_ro("control set-status ORG-01 implemented");
  EXPECT_EQ(w.code, 2);
  EXPECT_NE(w.err.find("is not writable: Read-only file system"), std::string::npos) << w.err;
  w = in_ro("evidence add --control ORG-01 --note refused");
  EXPECT_EQ(w.code, 2);
  EXPECT_EQ(observable_state(), before);
}

TEST_F(Cli, TamperingWithTheJournalIsDetected) {
  ok("init");
  ok("control adopt --all");
  ASSERT_EQ(tamper("UPDATE journal SET actor = 'mallory' WHERE seq = 2"), 0);
  Outcome r = cw("journal verify");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("entry 2"), std::string::npos) << r.err;
  json j = cw("--json journal verify").js();
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["first_bad_seq"], 2);
}

TEST_F(Cli, OneEvidenceFileServesSeveralControlsAndAlteredBlobsAreDetected) {
  ok("init");
  ok("control adopt ORG-01 MS-06");
  write("policy.txt", "Information security policy v3");
  json ev = ok("--json evidence add --control ORG-01 --control MS-06 --file policy.txt").js();
  EXPECT_EQ(ev["controls"], json({"ORG-01", "MS-06"}));
  EXPECT_EQ(ok("--json evidence list --control MS-06").js().size(), 1u);
  EXPECT_EQ(ok("--json evidence list --control ORG-02").js().size(), 0u);
  EXPECT_TRUE(ok("--json evidence verify").js()["ok"]);
  ok("control set-status ORG-01 implemented");
  EXPECT_EQ(ok("--json control show ORG-01").js()["status"], "operating");
  const std::string ev_id = ev["id"];
  Outcome no_reason = cw("evidence review " + ev_id + " rejected");
  EXPECT_EQ(no_reason.code, 2);
  EXPECT_NE(no_reason.err.find("say why"), std::string::npos) << no_reason.err;
  ok("evidence review " + ev_id + " rejected --note 'draft, not the approved version'");
  EXPECT_EQ(ok("--json control show ORG-01").js()["status"], "unevidenced");
  ok("evidence review " + ev_id + " accepted");
  EXPECT_EQ(ok("--json control show ORG-01").js()["status"], "operating");
  EXPECT_EQ(cw("evidence review EV-000000000000 accepted").code, 2);
  json url = ok("--json evidence add --control ORG-01 --url https://wiki.example/isms/policy "
                "--valid-days 30")
                 .js();
  EXPECT_EQ(url["kind"], "url");
  EXPECT_EQ(url["sha256"], nullptr);
  EXPECT_EQ(cw("evidence add --control ORG-01 --file policy.txt --url https://x").code, 2);
  EXPECT_EQ(cw("evidence add --control ORG-01").code, 2);
  EXPECT_EQ(cw("evidence add --control ORG-01 --note x --collected-at 2026-13-01").code, 2);

  const std::string sha = ev["sha256"];
  if (db.postgres())
    ASSERT_EQ(tamper("UPDATE blob_chunks SET data = 'forged' WHERE sha256 = '" + sha + "'"), 0);
  else
    std::ofstream(data + "/vault/" + sha.substr(0, 2) + "/" + sha) << "forged";
  Outcome r = cw("evidence verify");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(ev["id"].get<std::string>() + ": evidence blob " + sha +
                       " does not match its hash"),
            std::string::npos)
      << r.err;
}

TEST_F(Cli, CuttingEntriesOffTheEndIsDetected) {
  ok("init");
  ok("control adopt --all");
  ASSERT_EQ(tamper("DELETE FROM journal WHERE seq = (SELECT MAX(seq) FROM journal)"), 0);
  Outcome r = cw("journal verify");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("removed from the end"), std::string::npos) << r.err;
}

// SQLite to PostgreSQL: everything arrives, verified; a second run, or two at once, and a bad
// source or target change nothing.
TEST_F(Cli, MigrateCopiesAnOrganizationToPostgresOnceAndVerified) {
  if (!db.postgres()) GTEST_SKIP() << "needs the PostgreSQL test server (the pg. run)";
  ::unsetenv("CROSSWALK_DB");  // the source is a SQLite data directory
  ok("init");
  ok("control adopt --all");
  ok("control set-status ORG-01 implemented");
  std::string big;
  for (int i = 0; i < (2 << 20) + 99; ++i) big += char(i * 31 % 251);
  std::ofstream(dir / "big.bin", std::ios::binary) << big;
  ok("evidence add --control ORG-01 --control AI-01 --file big.bin");
  ok("evidence add --control ORG-02 --note 'minutes of the board' --valid-days 30");
  ok("journal verify");
  const std::string before = observable_state();

  testing::TestDatabase target;  // a second, empty schema
  const std::string to = "'" + target.url() + "'";
  json report = ok("--json migrate --to " + to).js();
  EXPECT_EQ(report["blobs"], 1);
  EXPECT_EQ(report["blob_bytes"], (2 << 20) + 99);
  EXPECT_EQ(report["tables"]["controls"], ok("--json control list").js().size());
  const json source_verdict = ok("--json journal verify").js();
  EXPECT_EQ(report["journal_entries"], source_verdict["entries"]);

  // The same organization, read through PostgreSQL.
  ::setenv("CROSSWALK_DB", target.url().c_str(), 1);
  EXPECT_EQ(observable_state(), before);
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
  EXPECT_TRUE(ok("--json evidence verify").js()["ok"]);
  ok("evidence add --control ORG-02 --note 'written after the move'");
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);

  // Twice: refused, nothing changes.
  ::unsetenv("CROSSWALK_DB");
  const std::string moved = [&] {
    ::setenv("CROSSWALK_DB", target.url().c_str(), 1);
    std::string s = observable_state();
    ::unsetenv("CROSSWALK_DB");
    return s;
  }();
  Outcome again = cw("migrate --to " + to);
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("already holds Crosswalk data"), std::string::npos) << again.err;

  // Two at once into another empty database: one copies, the other finds it done.
  testing::TestDatabase third;
  const std::string one =
      CROSSWALK_BINARY " --data " + data + " migrate --to \"" + third.url() + "\" >/dev/null";
  const std::string race = "bash -c '(" + one + "; echo $? >a.rc) & (" + one +
                           "; echo $? >b.rc) & wait; cat a.rc b.rc | sort | tr \"\\n\" \" \"'";
  EXPECT_EQ(sh(race).out, "0 2 ");

  // A target that cannot be reached, or a source whose journal was tampered with.
  Outcome unreachable = cw("migrate --to postgresql://nobody@127.0.0.1:1/nowhere");
  EXPECT_EQ(unreachable.code, 2);
  EXPECT_NE(unreachable.err.find("cannot connect to postgresql://nobody@127.0.0.1:1/nowhere"),
            std::string::npos)
      << unreachable.err;
  EXPECT_EQ(cw("migrate --to sqlite:///tmp/x.db").code, 2);
  ASSERT_EQ(std::system(("sqlite3 " + data +
                         "/crosswalk.db \"UPDATE journal SET actor = 'mallory' WHERE seq = 3\"")
                            .c_str()),
            0);
  testing::TestDatabase fourth;
  Outcome tampered = cw("migrate --to '" + fourth.url() + "'");
  EXPECT_EQ(tampered.code, 1);
  EXPECT_NE(tampered.err.find("fails verification at entry 3"), std::string::npos) << tampered.err;
  ::setenv("CROSSWALK_DB", fourth.url().c_str(), 1);
  EXPECT_EQ(cw("journal verify").code, 2) << "the refused copy left data behind";
  ::setenv("CROSSWALK_DB", target.url().c_str(), 1);
  EXPECT_EQ(observable_state(), moved);
}

TEST_F(Cli, ConcurrentWritersLoseNothingAndKeepOneChain) {
  ok("init");
  ok("control adopt --all");
  const std::string id = ok("--json control list").js()[0]["id"];
  std::string script;
  for (int w = 0; w < 2; ++w) {
    script += "( for i in $(seq 1 15); do " CROSSWALK_BINARY " --data " + data +
              " evidence add --control " + id + " --note w" + std::to_string(w) +
              "-$i >/dev/null || exit 1; done ) & ";
  }
  script += "wait";
  ASSERT_EQ(std::system(("bash -c '" + script + "'").c_str()), 0);
  EXPECT_EQ(ok("--json evidence list").js().size(), 30u);
  json v = ok("--json journal verify").js();
  EXPECT_TRUE(v["ok"]) << v.dump();
}

TEST_F(Cli, ExcludingAnAnnexItemMakesItNotApplicableButClausesStay) {
  ok("init");
  Outcome r = cw("requirement decide iso27001-2022 4.1 --not-applicable --justification none");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("clauses 4–10 can never be excluded"), std::string::npos) << r.err;
  r = cw("requirement decide iso27001-2022 A.7.4 --not-applicable");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("needs a justification"), std::string::npos) << r.err;
  r = cw("requirement decide iso27001-2022 A.99.1 --not-applicable --justification x");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(ok("--json journal verify").js()["entries"], 1);

  ok("requirement decide iso27001-2022 A.7.4 --not-applicable --justification 'fully remote "
     "company, no premises'");
  json f = ok("--json framework show iso27001-2022").js();
  const json* item = nullptr;
  for (const json& q : f["requirements"])
    if (q["ref"] == "A.7.4") item = &q;
  ASSERT_NE(item, nullptr);
  EXPECT_EQ((*item)["status"], "not_applicable");
  EXPECT_NE((*item)["reason"].get<std::string>().find("fully remote company"), std::string::npos);
  json r27 = ok("--json readiness --framework iso27001-2022").js()[0];
  EXPECT_EQ(r27["not_applicable"], 1);
  EXPECT_EQ(r27["applicable"], 122);

  ok("requirement decide iso27001-2022 A.7.4 --applicable");
  EXPECT_EQ(ok("--json readiness --framework iso27001-2022").js()[0]["applicable"], 123);
  EXPECT_EQ(ok("--json journal verify").js()["entries"], 3);
}

TEST_F(Cli, UsersAndApiTokensKeepNoSecretsInTheClear) {
  ok("init");
  const std::string password = "a long enough passphrase";
  Outcome added = cw_input(password, "--json user add alice --role admin --password-stdin");
  ASSERT_EQ(added.code, 0) << added.err;
  json u = added.js();
  EXPECT_EQ(u["name"], "alice");
  EXPECT_EQ(u["role"], "admin");
  EXPECT_EQ(
      cw_input("another long passphrase", "user add bob --role auditor --password-stdin").code, 0);
  json users = ok("--json user list").js();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[1]["role"], "auditor");
  EXPECT_FALSE(users[0].contains("password_hash"));

  Outcome r = cw_input("yet another passphrase", "user add alice --role viewer --password-stdin");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("user 'alice' already exists"), std::string::npos) << r.err;
  EXPECT_EQ(cw_input("short", "user add carol --role viewer --password-stdin").code, 2);
  EXPECT_EQ(
      cw_input("a long enough passphrase", "user add carol --role root --password-stdin").code, 2);
  EXPECT_EQ(
      cw_input("a long enough passphrase", "user add 'Carol Smith' --role viewer --password-stdin")
          .code,
      2);

  json t = ok("--json token create --user alice --label ci --expires-days 90").js();
  const std::string token = t["token"];
  EXPECT_EQ(token.rfind("cwt_", 0), 0u);
  EXPECT_EQ(t["user"], "alice");
  EXPECT_FALSE(t["expires_at"].is_null());
  r = cw("token create --user nobody");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown user 'nobody'"), std::string::npos);
  json tokens = ok("--json token list").js();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_FALSE(tokens[0].contains("token"));

  // Neither the password, its hash, the token nor its hash is in the journal; the database holds
  // the Argon2id hash and the token's SHA-256, never the secrets.
  const std::string journal = ok("--json journal list").out;
  EXPECT_EQ(journal.find(password), std::string::npos);
  EXPECT_EQ(journal.find("argon2id"), std::string::npos);
  EXPECT_EQ(journal.find(token), std::string::npos);
  Outcome dump = dump_database();
  ASSERT_FALSE(dump.out.empty()) << dump.err;
  EXPECT_EQ(dump.out.find(password), std::string::npos);
  EXPECT_EQ(dump.out.find(token), std::string::npos);
  EXPECT_NE(dump.out.find("$argon2id$"), std::string::npos);
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
}

TEST_F(Cli, HelpAndUsageErrors) {
  EXPECT_EQ(cw("--help").code, 0);
  EXPECT_EQ(cw("control --help").code, 0);
  EXPECT_EQ(cw("").code, 2);
  EXPECT_EQ(cw("frobnicate").code, 2);
}

}  // namespace
}  // namespace crosswalk
