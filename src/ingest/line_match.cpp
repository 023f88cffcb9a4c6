#include "ingest/line_match.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace crosswalk::ingest {
namespace {

constexpr std::size_t kWindow = 1024, kWindowStep = 768;

bool search(std::string_view text, const std::regex& re, std::regex_constants::match_flag_type f) {
  try {
    return std::regex_search(text.begin(), text.end(), re, f);
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace

Result<std::optional<LineMatch>> find_line(const std::string& path, std::int64_t limit,
                                           const std::regex& re, std::chrono::milliseconds budget) {
  using namespace std::regex_constants;
  const auto give_up = std::chrono::steady_clock::now() + budget;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read " + path + ": " + std::strerror(errno));
  std::string pending;  // the current line, or the rest of a long one
  std::int64_t line = 1, consumed = 0;
  bool line_start = true, eof = false;
  std::optional<LineMatch> found;
  Status status;
  char buf[65536];
  while (!found && status.ok() && !(eof && pending.empty())) {
    if (!eof) {
      const auto want = std::size_t(std::min<std::int64_t>(sizeof buf, limit - consumed));
      const ssize_t n = ::read(fd, buf, want);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) status = Status::IoError("cannot read " + path + ": " + std::strerror(errno));
      if (n <= 0) eof = true;
      if (n > 0) pending.append(buf, std::size_t(n)), consumed += n;
    }
    while (!found && status.ok()) {
      const std::size_t nl = pending.find('\n');
      const match_flag_type bol = line_start ? match_default : match_not_bol;
      if (nl == std::string::npos && pending.size() > kWindow) {
        const std::string_view window = std::string_view(pending).substr(0, kWindow);
        if (search(window, re, bol | match_not_eol)) found = LineMatch{line, std::string(window)};
        pending.erase(0, kWindowStep);
        line_start = false;
      } else if (nl != std::string::npos || (eof && !pending.empty())) {
        std::string_view text = std::string_view(pending).substr(0, nl);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (search(text, re, bol)) found = LineMatch{line, std::string(text)};
        pending.erase(0, nl == std::string::npos ? nl : nl + 1);
        line_start = true;
        ++line;
      } else {
        break;
      }
      if (std::chrono::steady_clock::now() > give_up)
        status = Status::Busy("gave up matching after " + std::to_string(budget.count() / 1000) +
                              " s at line " + std::to_string(line));
    }
  }
  ::close(fd);
  if (!status.ok() && !found) return status;
  return found;
}

}  // namespace crosswalk::ingest
