#include "ingest/host_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace crosswalk::ingest {
namespace {

constexpr std::size_t kMaxConfigBytes = 4u << 20;

bool is_missing(int err) {
  return err == ENOENT || err == ENOTDIR;
}

}  // namespace

HostReader::HostReader(const std::string& root) : root_(root) {
  while (!root_.empty() && root_.back() == '/') root_.pop_back();
}

void HostReader::log(const std::string& path, const std::string& result) {
  log_.push_back({{"path", path}, {"result", result}});
}

nlohmann::json HostReader::take_log() {
  return std::exchange(log_, nlohmann::json::array());
}

Result<std::optional<std::string>> HostReader::read(const std::string& path) {
  const int fd = ::open(on_disk(path).c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0 && is_missing(errno)) {
    log(path, "missing");
    return std::optional<std::string>();
  }
  const auto fail = [&](const std::string& why) -> Status {
    log(path, "error: " + why);
    return Status::IoError("cannot read " + path + ": " + why);
  };
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st {};
  std::string data;
  std::string error;
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    error = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
  } else if (std::size_t(st.st_size) > kMaxConfigBytes) {
    error = "larger than 4 MiB";
  } else {
    char buf[16384];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error = std::strerror(errno);
      if (n <= 0 || data.size() > kMaxConfigBytes) break;
      data.append(buf, std::size_t(n));
    }
  }
  ::close(fd);
  if (!error.empty()) return fail(error);
  log(path, "read " + std::to_string(data.size()) + " bytes");
  return std::optional<std::string>(std::move(data));
}

bool HostReader::exists(const std::string& path) {
  struct stat st {};
  const bool found = ::lstat(on_disk(path).c_str(), &st) == 0;
  log(path, found ? "exists" : "missing");
  return found;
}

std::string HostReader::link_target(const std::string& path) {
  char buf[4096];
  const ssize_t n = ::readlink(on_disk(path).c_str(), buf, sizeof buf - 1);
  if (n <= 0) return "";
  std::string target(buf, std::size_t(n));
  log(path, "link to " + target);
  return target;
}

Result<std::vector<std::string>> HostReader::list(const std::string& dir) {
  DIR* d = ::opendir(on_disk(dir).c_str());
  std::vector<std::string> names;
  if (!d && is_missing(errno)) {
    log(dir + "/", "missing");
    return names;
  }
  if (!d) {
    const std::string why = std::strerror(errno);
    log(dir + "/", "error: " + why);
    return Status::IoError("cannot list " + dir + ": " + why);
  }
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  log(dir + "/", "listed " + std::to_string(names.size()) + " entries");
  return names;
}

Result<std::optional<std::string>> systemd_enabled(HostReader& reader, const std::string& unit) {
  const std::string dir = "/etc/systemd/system";
  if (reader.link_target(dir + "/" + unit) == "/dev/null") return std::optional<std::string>();
  auto entries = reader.list(dir);
  if (!entries.ok()) return entries.status();
  for (const std::string& e : *entries) {
    if (!e.ends_with(".wants")) continue;
    const std::string link = dir + "/" + e + "/" + unit;
    if (reader.exists(link)) return std::optional<std::string>(link);
  }
  return std::optional<std::string>();
}

std::vector<ConfigLine> config_lines(std::string_view text) {
  std::vector<ConfigLine> lines;
  int number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
        line = line.substr(0, i);
        break;
      }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
      line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
      line.remove_suffix(1);
    if (!line.empty()) lines.push_back({number, std::string(line)});
  }
  return lines;
}

std::optional<std::string> assignment(std::string_view text, std::string_view key) {
  std::optional<std::string> value;
  for (const ConfigLine& line : config_lines(text)) {
    const std::size_t eq = line.text.find('=');
    if (eq == std::string::npos) continue;
    std::string_view k = std::string_view(line.text).substr(0, eq);
    std::string_view v = std::string_view(line.text).substr(eq + 1);
    while (!k.empty() && std::isspace(static_cast<unsigned char>(k.back()))) k.remove_suffix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    if (k == key) value = std::string(v);
  }
  return value;
}

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
    if (j > i) words.emplace_back(line.substr(i, j - i));
    i = j;
  }
  return words;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace crosswalk::ingest
