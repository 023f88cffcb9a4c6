// Backups in the browser, for administrators: what a backup holds, the download, and how to
// check and restore one (restoring is done offline with the CLI, into a new data directory).
#include "http/backup_download.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

void add_backup_pages(http::Api& api) {
  add_page(api, "GET", "/backup", d::Action::kBackup,
           "What a backup holds, its download and how to restore it", [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto seq = ws.value()->store().journal_seq();
             if (!seq.ok()) return status_page(c, seq.status());
             auto blobs = ws.value()->store().blob_references();
             if (!blobs.ok()) return status_page(c, blobs.status());
             return page(c, "Backup", "backup", "backup",
                         {{"postgres", ws.value()->on_postgres()},
                          {"journal_seq", seq.value()},
                          {"evidence_files", blobs->size()}});
           });
  add_page(api, "GET", "/backup/download", d::Action::kBackup, "A backup of everything as one zip",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto r = http::backup_download(*ws.value(), {actor_name(c), api.now()});
             return r.ok() ? std::move(r.value()) : status_page(c, r.status());
           });
}

}  // namespace crosswalk::web
