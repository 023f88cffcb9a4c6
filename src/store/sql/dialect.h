// The differences between the SQL that SQLite and PostgreSQL accept, in one place. Queries and
// migrations are written once, in SQLite's spelling with `?` placeholders and portable types
// (INTEGER, TEXT, BLOB); these functions turn them into PostgreSQL's.
#pragma once

#include <string>
#include <string_view>

namespace crosswalk::store::sql {

struct PostgresQuery {
  std::string sql;  // `?` replaced by $1, $2, … (never inside quoted text)
  int parameters = 0;
};
PostgresQuery to_postgres_query(std::string_view sql);

// Schema DDL for PostgreSQL: 64-bit integers, byte order ("C") text comparison so that
// ORDER BY sorts exactly as SQLite does, BYTEA for blobs, and identity columns where SQLite
// numbers rows by itself (INTEGER PRIMARY KEY).
std::string to_postgres_ddl(std::string_view ddl);

// After rows were copied in with their own ids, moves the identity column's sequence past
// them, so the next row PostgreSQL numbers does not collide.
std::string postgres_identity_catch_up(const std::string& table, const std::string& column);

// An inner join whose left table the engine must scan first: SQLite's planner takes CROSS
// JOIN as that order (and accepts ON with it); PostgreSQL has no such hint and plans well.
inline const char* join_in_written_order(bool postgres) {
  return postgres ? "JOIN" : "CROSS JOIN";
}

}  // namespace crosswalk::store::sql
