// The web/ folder (templates, CSS, JS, icons) compiled into the binary by
// cmake/embed_files_script.cmake, so the server needs no files beside it.
#pragma once

#include <string_view>
#include <vector>

namespace crosswalk::web {

struct EmbeddedFile {
  std::string_view path;  // relative to web/, e.g. "static/app.css"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace crosswalk::web
