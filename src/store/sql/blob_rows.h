// Evidence blobs as rows: 1 MiB chunks plus a row that says they are complete. Used by the
// store (DatabaseVault) and by `migrate`, inside the caller's transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/sql/database.h"

namespace crosswalk::store::sql {

// Inserts the file's chunks and its blobs row (a second insert of the same content does
// nothing). Corruption if the bytes read do not hash to sha256; `bytes` grows by the size.
Status insert_blob(Database& db, const std::string& sha256, const std::string& path,
                   std::int64_t& bytes);
// Hands the chunks to `sink` in order; NotFound if there is no such blob.
Status read_blob_chunks(Database& db, const std::string& sha256,
                        const std::function<Status(std::string_view)>& sink);

}  // namespace crosswalk::store::sql
