// multipart/form-data request bodies (RFC 7578) read in bounded memory: text fields into memory,
// each capped, and file parts into their own temp files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/temp_file.h"
#include "http/message.h"

namespace crosswalk::http {

struct UploadedFile {
  std::string field;         // the form field's name
  std::string filename;      // as sent: not yet safe to store (see service::safe_file_name)
  std::string content_type;  // as sent; application/octet-stream when absent
  std::int64_t size = 0;
  TempFile file;  // the content; removed with the form unless moved away first
};

struct MultipartForm {
  std::map<std::string, std::vector<std::string>> fields;  // text fields; names may repeat
  std::vector<UploadedFile> files;

  // The values sent for a text field (none if it was not sent).
  const std::vector<std::string>& values(const std::string& name) const;
};

struct MultipartLimits {
  std::size_t field_bytes = 64 * 1024;  // each text field
  std::size_t header_bytes = 8 * 1024;  // the headers of each part
  std::size_t parts = 256;
  std::size_t read_chunk = 64 * 1024;  // bytes read from the body at a time
};

// The media type of a Content-Type value: lower case, without parameters ("multipart/form-data").
std::string media_type(std::string_view content_type);
// True if the media type of a Content-Type value is multipart/form-data.
bool is_multipart_form(std::string_view content_type);

// Reads the body of `req` (from req.body_file when set, else req.body); file parts go to
// scratch_dir. InvalidInput naming the problem (no boundary, truncated body, a part without a
// name, a field too long…); IoError if a file cannot be written.
Result<MultipartForm> read_multipart(const Request& req, const std::string& scratch_dir,
                                     const MultipartLimits& limits = {});

}  // namespace crosswalk::http
