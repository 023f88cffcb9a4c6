// Writing a whole file so that readers see the old content or the new, never a part: a
// temporary file beside it, flushed to disk, then renamed over it. A full disk leaves the old
// file as it was.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace crosswalk {

Status write_file_atomically(const std::string& path, std::string_view content);

}  // namespace crosswalk
