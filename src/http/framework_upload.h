// An OSCAL catalog or profile uploaded as a form (web page and API alike): `file`, and for a
// profile the catalogs it imports as `catalog` parts; text fields `id`, `name`, `dry_run`.
#pragma once

#include "http/multipart.h"
#include "service/framework_import.h"

namespace crosswalk::http {

Result<service::FrameworkImportOutcome> import_uploaded_framework(service::Workspace& ws,
                                                                  const MultipartForm& form,
                                                                  const store::Actor& actor);

// "yes", "true", "1" or "on" in the form's dry_run field.
bool upload_is_dry_run(const MultipartForm& form);

}  // namespace crosswalk::http
