// The PostgreSQL engine behind Driver, on libpq. Statements are prepared once per connection
// and reused; parameters go as text (blobs as binary), so the server infers their types.
#include <libpq-fe.h>

#include <charconv>
#include <unordered_map>
#include <vector>

#include "store/sql/database.h"
#include "store/sql/dialect.h"

namespace crosswalk::store::sql {
namespace {

// Any constant works, as long as every Crosswalk process uses the same one: it names the
// advisory lock that serializes writers across servers.
constexpr const char* kWriteLock = "SELECT pg_advisory_xact_lock(4242004201)";

bool connection_lost(PGconn* conn, const PGresult* res) {
  if (PQstatus(conn) == CONNECTION_BAD) return true;
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (!state) return res == nullptr;
  const std::string_view s(state);
  return s.substr(0, 2) == "08" || s == "57P01" || s == "57P02" || s == "57P03";
}

Status status_from(PGconn* conn, const PGresult* res, const std::string& what) {
  std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (connection_lost(conn, res))
    return Status::Unavailable(what + ": the database connection was lost (" + msg +
                               "); nothing was changed, try again");
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view s(state ? state : "");
  msg = what + ": " + msg;
  if (s.substr(0, 2) == "23") return Status::Conflict(msg);
  if (s == "40001" || s == "40P01" || s == "55P03")
    return Status::Busy(msg + " (another server is writing; try again)");
  if (s == "XX001" || s == "XX002") return Status::Corruption(msg);
  return Status::IoError(msg);
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresDriver;

class PostgresCursor final : public Cursor {
 public:
  PostgresCursor(PostgresDriver* driver, PostgresQuery query)
      : driver_(driver), query_(std::move(query)) {
    values_.resize(query_.parameters);
    nulls_.assign(query_.parameters, true);
    formats_.assign(query_.parameters, 0);
  }

  void bind_text(int i, std::string_view v) override { set(i, std::string(v), 0); }
  void bind_blob(int i, std::string_view v) override { set(i, std::string(v), 1); }
  void bind_int64(int i, std::int64_t v) override { set(i, std::to_string(v), 0); }
  void bind_null(int i) override {
    if (valid(i)) nulls_[i - 1] = true;
  }

  bool step(Status& error) override;
  void reset() override {
    result_.reset();
    row_ = -1;
    nulls_.assign(query_.parameters, true);
  }

  std::string text(int col) const override {
    return std::string(PQgetvalue(result_.get(), row_, col), PQgetlength(result_.get(), row_, col));
  }
  std::string blob(int col) const override;
  std::int64_t int64(int col) const override {
    const char* p = PQgetvalue(result_.get(), row_, col);
    std::int64_t v = 0;
    std::from_chars(p, p + PQgetlength(result_.get(), row_, col), v);
    return v;
  }
  bool is_null(int col) const override { return PQgetisnull(result_.get(), row_, col) != 0; }

 private:
  bool valid(int i) const { return i >= 1 && i <= query_.parameters; }
  void set(int i, std::string v, int format) {
    if (!valid(i)) return;
    values_[i - 1] = std::move(v);
    nulls_[i - 1] = false;
    formats_[i - 1] = format;
  }

  PostgresDriver* driver_;
  PostgresQuery query_;
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::vector<int> formats_;
  ResultPtr result_;
  int row_ = -1;
};

class PostgresDriver final : public Driver {
 public:
  PostgresDriver(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  ~PostgresDriver() override { PQfinish(conn_); }
  PostgresDriver(const PostgresDriver&) = delete;
  PostgresDriver& operator=(const PostgresDriver&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status exec(const std::string& sql) override {
    // A transaction that cannot begin because the connection was lost (the server restarted
    // since this connection's last use) begins on a fresh one: nothing was done yet.
    const bool restartable = sql == "BEGIN" && PQtransactionStatus(conn_) == PQTRANS_IDLE;
    for (int attempt = 0;; ++attempt) {
      CW_RETURN_IF_ERROR(reconnect_if_lost());
      ResultPtr r(PQexec(conn_, sql.c_str()));
      const ExecStatusType st = PQresultStatus(r.get());
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
      Status failure = status_from(conn_, r.get(), "database " + where_);
      if (attempt == 0 && restartable && failure.code() == Status::Code::kUnavailable) continue;
      return failure;
    }
  }

  Result<std::unique_ptr<Cursor>> prepare(std::string_view sql) override {
    return std::unique_ptr<Cursor>(std::make_unique<PostgresCursor>(this, to_postgres_query(sql)));
  }

  Status begin(bool serialized) override {
    CW_RETURN_IF_ERROR(exec("BEGIN"));
    if (!serialized) return Status::Ok();
    Status s = exec(kWriteLock);
    if (!s.ok()) (void)exec("ROLLBACK");
    return s;
  }

  int changes() const override { return changes_; }
  const std::string& where() const override { return where_; }

  // Run on every new connection. Quiet notices ("already exists, skipping"), and wait for a
  // busy writer as long as SQLite does before reporting it.
  Status configure() {
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    return exec("SET lock_timeout = '10s'; SET client_min_messages = warning");
  }

  // Runs a prepared statement. A read outside a transaction is retried once on a fresh
  // connection if the old one was lost (the server restarted, a proxy cut it): safe, since
  // it changed nothing. Anything else reports the loss.
  Result<ResultPtr> run(const PostgresQuery& q, const std::vector<std::string>& values,
                        const std::vector<bool>& nulls, const std::vector<int>& formats) {
    std::vector<const char*> ptrs(values.size());
    std::vector<int> lengths(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      ptrs[i] = nulls[i] ? nullptr : values[i].data();
      lengths[i] = int(values[i].size());
    }
    const bool read_only = q.sql.rfind("SELECT", 0) == 0;
    for (int attempt = 0;; ++attempt) {
      const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
      CW_RETURN_IF_ERROR(reconnect_if_lost());
      auto name = statement_name(q);
      ResultPtr r;
      if (name.ok())
        r.reset(PQexecPrepared(conn_, name->c_str(), q.parameters, ptrs.data(), lengths.data(),
                               formats.data(), 0));
      const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
      if (name.ok() && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)) {
        const char* n = PQcmdTuples(r.get());
        changes_ = *n ? std::atoi(n) : 0;
        return r;
      }
      Status failure = name.ok() ? status_from(conn_, r.get(), "executing SQL") : name.status();
      if (attempt == 0 && read_only && idle && failure.code() == Status::Code::kUnavailable)
        continue;
      return failure;
    }
  }

 private:
  Status reconnect_if_lost() {
    if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
    PQreset(conn_);
    prepared_.clear();
    if (PQstatus(conn_) != CONNECTION_OK) return status_from(conn_, nullptr, "database " + where_);
    return configure();
  }

  Result<std::string> statement_name(const PostgresQuery& q) {
    if (auto it = prepared_.find(q.sql); it != prepared_.end()) return it->second;
    std::string name = "cw" + std::to_string(prepared_.size() + 1);
    ResultPtr r(PQprepare(conn_, name.c_str(), q.sql.c_str(), q.parameters, nullptr));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
      return status_from(conn_, r.get(), "preparing SQL");
    prepared_.emplace(q.sql, name);
    return name;
  }

  PGconn* conn_;
  std::string where_;
  std::unordered_map<std::string, std::string> prepared_;
  int changes_ = 0;
};

bool PostgresCursor::step(Status& error) {
  if (!result_) {
    auto r = driver_->run(query_, values_, nulls_, formats_);
    if (!r.ok()) {
      error = r.status();
      return false;
    }
    result_ = std::move(r).value();
    row_ = -1;
  }
  return ++row_ < PQntuples(result_.get());
}

std::string PostgresCursor::blob(int col) const {
  // Text-format results carry bytea as "\x" followed by hex digits.
  const char* p = PQgetvalue(result_.get(), row_, col);
  const int n = PQgetlength(result_.get(), row_, col);
  if (n < 2 || p[0] != '\\' || p[1] != 'x') return std::string(p, n);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out((n - 2) / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = char(nibble(p[2 + 2 * i]) << 4 | nibble(p[3 + 2 * i]));
  return out;
}

// "user@host:port/db", for messages: never the password.
std::string describe(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (err) PQfreemem(err);
  if (!opts) return "PostgreSQL";
  std::string user, host, port, db;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string k = o->keyword;
    if (k == "user") user = o->val;
    if (k == "host" || (k == "hostaddr" && host.empty())) host = o->val;
    if (k == "port") port = o->val;
    if (k == "dbname") db = o->val;
  }
  PQconninfoFree(opts);
  return "postgresql://" + (user.empty() ? "" : user + "@") + host +
         (port.empty() ? "" : ":" + port) + "/" + db;
}

}  // namespace

Result<Database> Database::open_postgres(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &err);
  if (!parsed) {
    std::string why = err ? err : "cannot parse it";
    if (err) PQfreemem(err);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return Status::InvalidInput("--db: not a valid PostgreSQL connection URL: " + why);
  }
  PQconninfoFree(parsed);
  const std::string where = describe(url);
  // Defaults first: whatever the URL says wins over them.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "crosswalk", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    PQfinish(conn);
    return Status::Unavailable("cannot connect to " + where + ": " + why);
  }
  auto driver = std::make_unique<PostgresDriver>(conn, where);
  CW_RETURN_IF_ERROR(driver->configure());
  return Database(std::move(driver));
}

}  // namespace crosswalk::store::sql
