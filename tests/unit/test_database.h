// The database a test runs on. The suite runs twice: on SQLite (url() is empty: the data
// directory's own file) and on PostgreSQL, when ctest sets CROSSWALK_TEST_PG_URL_FILE to the
// file holding the test server's URL (scripts/pg_test_server.sh). On PostgreSQL every
// TestDatabase is a fresh empty schema, dropped at the end.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

namespace crosswalk::testing {

// The test server's base URL, or "" when the suite runs on SQLite.
inline std::string postgres_test_url() {
  const char* file = std::getenv("CROSSWALK_TEST_PG_URL_FILE");
  if (!file || !*file) return "";
  std::ifstream in(file);
  std::string url;
  if (!(in >> url))
    throw std::runtime_error(std::string("no PostgreSQL test server URL in ") + file +
                             " (the postgres_server test starts it)");
  return url;
}

// Runs SQL on the test server; throws with the server's message on failure.
inline void postgres_exec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
      error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  if (!error.empty()) throw std::runtime_error("PostgreSQL test server: " + error);
}

class TestDatabase {
 public:
  TestDatabase() : base_(postgres_test_url()) {
    if (base_.empty()) return;
    std::random_device rd;
    schema_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000000);
    postgres_exec(base_, "CREATE SCHEMA " + schema_);
    url_ = with_schema(base_, schema_);
  }
  ~TestDatabase() {
    if (schema_.empty()) return;
    try {
      postgres_exec(base_, "DROP SCHEMA " + schema_ + " CASCADE");
    } catch (const std::exception&) {  // a server already gone leaves nothing to clean
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  bool postgres() const { return !url_.empty(); }
  // "" on SQLite; on PostgreSQL, a URL whose connections see only this test's schema.
  const std::string& url() const { return url_; }
  const std::string& schema() const { return schema_; }
  // Every crosswalk process the test starts from now on uses this database (CROSSWALK_DB).
  void export_to_child_processes() const {
    if (postgres())
      ::setenv("CROSSWALK_DB", url_.c_str(), 1);
    else
      ::unsetenv("CROSSWALK_DB");
  }

  static std::string with_schema(const std::string& base, const std::string& schema) {
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema;
  }

 private:
  std::string base_;
  std::string schema_;
  std::string url_;
};

}  // namespace crosswalk::testing
