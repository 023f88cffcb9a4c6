#include "http/framework_upload.h"

#include <fstream>
#include <sstream>

namespace crosswalk::http {

namespace {

std::string first(const MultipartForm& form, const char* name) {
  auto it = form.fields.find(name);
  return it == form.fields.end() || it->second.empty() ? "" : it->second.front();
}

}  // namespace

bool upload_is_dry_run(const MultipartForm& form) {
  const std::string v = first(form, "dry_run");
  return v == "yes" || v == "true" || v == "1" || v == "on";
}

Result<service::FrameworkImportOutcome> import_uploaded_framework(service::Workspace& ws,
                                                                  const MultipartForm& form,
                                                                  const store::Actor& actor) {
  service::FrameworkImportOptions options;
  options.framework_id = first(form, "id");
  options.name = first(form, "name");
  options.dry_run = upload_is_dry_run(form);
  const UploadedFile* document = nullptr;
  for (const UploadedFile& f : form.files) {
    if (f.filename.empty() && f.size == 0) continue;  // a file input left empty
    if (f.field == "file") {
      if (document) return Status::InvalidInput("file: send one OSCAL document");
      document = &f;
    } else if (f.field == "catalog") {
      options.named_catalogs[f.filename] = f.file.path();
    } else {
      return Status::InvalidInput("unexpected file part '" + f.field +
                                  "' (the document goes in 'file', a profile's catalogs in "
                                  "'catalog')");
    }
  }
  if (!document) return Status::InvalidInput("file: choose an OSCAL catalog or profile (JSON)");
  std::ifstream in(document->file.path(), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string name = document->filename.empty() ? "upload.json" : document->filename;
  return service::import_framework_text(ws, name, text.str(), options, actor, actor.now);
}

}  // namespace crosswalk::http
