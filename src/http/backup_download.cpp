#include "http/backup_download.h"

#include "domain/time.h"
#include "http/zip_download.h"
#include "service/backup.h"

namespace crosswalk::http {

Result<Response> backup_download(service::Workspace& ws, const store::Actor& actor) {
  auto path = scratch_zip(ws, "backup");
  if (!path.ok()) return path.status();
  auto backup = service::write_backup(ws, path.value(), actor.now, actor.name);
  if (!backup.ok()) return backup.status();
  return zip_download(path.value(), "crosswalk-backup-" + domain::format_date(actor.now) + ".zip",
                      backup->journal_head);
}

}  // namespace crosswalk::http
