// What the CLI tests share: a data directory (or a fresh PostgreSQL schema for the pg. tests),
// the crosswalk binary run in a shell, and looks into the database behind it.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"

namespace crosswalk {

struct CliOutcome {
  using json = nlohmann::json;
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

class CliFixture : public ::testing::Test {
 protected:
  using json = nlohmann::json;
  using Outcome = CliOutcome;
  void SetUp() override {
    db.export_to_child_processes();
    ok("init");
    ok("control adopt --all");
  }
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
  Outcome cw(const std::string& args, const std::string& env = "") {
    return sh(env + " " CROSSWALK_BINARY " --data " + data + " " + args);
  }
  Outcome ok(const std::string& args, const std::string& env = "") {
    Outcome r = cw(args, env);
    EXPECT_EQ(r.code, 0) << args << "\nstdout: " << r.out << "\nstderr: " << r.err;
    return r;
  }
  // Runs SQL on the test's database, one row a line, columns separated by '|'.
  std::string query(const std::string& sql) {
    const Outcome r = db.postgres() ? sh("psql -tAq '" + db.url() + "' -c \"" + sql + "\"")
                                    : sh("sqlite3 " + data + "/crosswalk.db \"" + sql + "\"");
    EXPECT_EQ(r.code, 0) << sql << ": " << r.err;
    std::string out = r.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  int count(const std::string& table, const std::string& where = "") {
    return std::stoi(
        query("SELECT count(*) FROM " + table + (where.empty() ? "" : " WHERE " + where)));
  }
  // Everything the database holds, as text.
  std::string dump_database() {
    const Outcome r = db.postgres() ? sh("pg_dump -n " + db.schema() + " '" + db.url() + "'")
                                    : sh("sqlite3 " + data + "/crosswalk.db .dump");
    EXPECT_EQ(r.code, 0) << r.err;
    // pg_dump wraps its output in \restrict / \unrestrict lines with a random key.
    std::istringstream in(r.out);
    std::string out;
    for (std::string line; std::getline(in, line);)
      if (line.rfind("\\restrict ", 0) != 0 && line.rfind("\\unrestrict ", 0) != 0)
        out += line + "\n";
    return out;
  }
  // Runs each line of a fixture file as `crosswalk` arguments ('#' starts a comment line).
  void run_commands(const std::string& file, const std::string& env) {
    std::ifstream in(file);
    ASSERT_TRUE(in) << "missing fixture " << file;
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') ok(line, env);
  }
  // `args` must be refused (exit 2) and leave the database as it was.
  Outcome refused(const std::string& args, const std::string& env) {
    const std::string before = dump_database();
    Outcome r = cw(args, env);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out << r.err;
    EXPECT_EQ(dump_database(), before) << args << " changed the database";
    return r;
  }
  bool blob_stored(const std::string& sha) {
    if (!db.postgres())
      return std::filesystem::exists(data + "/vault/" + sha.substr(0, 2) + "/" + sha);
    return query("SELECT count(*) FROM blobs WHERE sha256 = '" + sha + "'") == "1";
  }
  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
  }
  static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  json control(const std::string& id) { return ok("--json control show " + id).js(); }
  bool covers(const std::string& control_id, const std::string& ref) {
    const json shown = control(control_id);
    for (const json& r : shown["requirements"])
      if (r["framework"] == "iso27001-2022" && r["ref"] == ref && r["coverage"] == "full")
        return true;
    return false;
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  std::string data = dir / "data";
};

}  // namespace crosswalk
