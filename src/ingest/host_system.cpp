// Host checks of system services: automatic security updates, clock synchronization and disk
// encryption, from configuration files and systemd's enablement links.
#include <regex>
#include <vector>

#include "ingest/host_checks.h"

namespace crosswalk::ingest {
namespace {

using domain::CheckOutcome;

struct Findings {
  bool pass = false;
  std::vector<std::string> seen;
  std::string error;

  // Keeps the first error; true when `r` is ok.
  template <typename T>
  bool ok(const Result<T>& r) {
    if (!r.ok() && error.empty()) error = r.status().message();
    return r.ok();
  }
  HostCheckResult verdict(const std::string& none) const {
    std::string text;
    for (const std::string& s : seen) text += (text.empty() ? "" : "; ") + s;
    if (pass) return {CheckOutcome::kPass, text};
    if (!error.empty()) return {CheckOutcome::kError, error};
    return {CheckOutcome::kFail, none + (text.empty() ? "" : ": " + text)};
  }
};

// apt reads the files of a .d directory in name order, skipping names with a '.' other than
// ".conf" (backups such as "x.dpkg-old").
bool apt_reads(const std::string& name) {
  return name.find('.') == std::string::npos || name.ends_with(".conf");
}

void check_apt(HostReader& reader, Findings& f) {
  const std::string dir = "/etc/apt/apt.conf.d";
  auto names = reader.list(dir);
  if (!f.ok(names)) return;
  static const std::regex kPeriodic(
      R"re(APT::Periodic::(Unattended-Upgrade|Update-Package-Lists)\s+"([^"]*)")re");
  std::string upgrade = "0", lists = "0", where;
  for (const std::string& name : *names) {
    if (!apt_reads(name)) continue;
    auto text = reader.read(dir + "/" + name);
    if (!f.ok(text) || !*text) continue;
    std::string_view rest = **text;
    while (!rest.empty()) {
      const std::size_t nl = rest.find('\n');
      std::string line(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      if (const std::size_t c = line.find("//"); c != std::string::npos) line.resize(c);
      std::smatch m;
      if (line.starts_with('#') || !std::regex_search(line, m, kPeriodic)) continue;
      (m[1] == "Unattended-Upgrade" ? upgrade : lists) = m[2];
      where = dir + "/" + name;
    }
  }
  if (where.empty()) return;
  const bool tool = reader.exists("/usr/bin/unattended-upgrade");
  const std::string seen =
      where + ": APT::Periodic::Unattended-Upgrade \"" + upgrade +
      "\", APT::Periodic::Update-Package-Lists \"" + lists + "\"; " +
      (tool ? "/usr/bin/unattended-upgrade installed" : "/usr/bin/unattended-upgrade missing");
  f.pass = f.pass || (upgrade != "0" && !upgrade.empty() && lists != "0" && !lists.empty() && tool);
  f.seen.push_back(seen);
}

void check_dnf(HostReader& reader, Findings& f) {
  auto conf = reader.read("/etc/dnf/automatic.conf");
  if (!f.ok(conf) || !*conf) return;
  const std::string apply = lower(assignment(**conf, "apply_updates").value_or("no"));
  const bool applies = apply == "yes" || apply == "true" || apply == "1";
  auto install_timer = systemd_enabled(reader, "dnf-automatic-install.timer");
  auto timer = systemd_enabled(reader, "dnf-automatic.timer");
  if (!f.ok(install_timer) || !f.ok(timer)) return;
  if (*install_timer) {
    f.pass = true;
    f.seen.push_back("dnf-automatic-install.timer enabled (" + **install_timer + ")");
  } else if (*timer) {
    f.pass = f.pass || applies;
    f.seen.push_back("dnf-automatic.timer enabled; /etc/dnf/automatic.conf apply_updates = " +
                     apply);
  } else {
    f.seen.push_back("/etc/dnf/automatic.conf present, but no dnf-automatic timer is enabled");
  }
}

// A time service: enabled through one of `units`, and, when it has one, a configuration file
// naming servers.
void check_time_daemon(HostReader& reader, Findings& f, const std::vector<std::string>& configs,
                       const std::vector<std::string>& units) {
  std::string config, servers;
  for (const std::string& path : configs) {
    auto text = reader.read(path);
    if (!f.ok(text)) return;
    if (!*text) continue;
    config = path;
    for (const ConfigLine& line : config_lines(**text)) {
      const std::vector<std::string> w = split_words(line.text);
      if (w.size() > 1 && (w[0] == "server" || w[0] == "pool" || w[0] == "peer"))
        servers += (servers.empty() ? "" : ", ") + w[1];
    }
    break;
  }
  if (config.empty()) return;
  std::optional<std::string> link;
  for (const std::string& unit : units) {
    auto enabled = systemd_enabled(reader, unit);
    if (!f.ok(enabled)) return;
    if (*enabled) link = *enabled;
    if (link) break;
  }
  if (servers.empty()) {
    f.seen.push_back(config + ": no server or pool line");
  } else if (!link) {
    f.seen.push_back(config + ": servers " + servers + ", but " + units[0] + " is not enabled");
  } else {
    f.pass = true;
    f.seen.push_back(config + ": servers " + servers + "; enabled (" + *link + ")");
  }
}

}  // namespace

HostCheckResult check_security_updates(HostReader& reader) {
  Findings f;
  check_apt(reader, f);
  check_dnf(reader, f);
  return f.verdict("no automatic security updates configured (unattended-upgrades, dnf-automatic)");
}

HostCheckResult check_time_sync(HostReader& reader) {
  Findings f;
  auto timesyncd = systemd_enabled(reader, "systemd-timesyncd.service");
  if (f.ok(timesyncd) && *timesyncd) {
    f.pass = true;
    f.seen.push_back("systemd-timesyncd enabled (" + **timesyncd + ")");
  }
  check_time_daemon(reader, f, {"/etc/chrony/chrony.conf", "/etc/chrony.conf"},
                    {"chrony.service", "chronyd.service"});
  check_time_daemon(reader, f, {"/etc/ntpsec/ntp.conf", "/etc/ntp.conf"},
                    {"ntpsec.service", "ntp.service", "ntpd.service"});
  return f.verdict("no clock synchronization enabled (systemd-timesyncd, chrony, ntp)");
}

HostCheckResult check_disk_encryption(HostReader& reader) {
  Findings f;
  auto crypttab = reader.read("/etc/crypttab");
  if (f.ok(crypttab) && *crypttab) {
    std::string names;
    int entries = 0;
    for (const ConfigLine& line : config_lines(**crypttab)) {
      names += (entries++ ? ", " : "") + split_words(line.text)[0];
    }
    if (entries) {
      f.pass = true;
      f.seen.push_back("/etc/crypttab: " + std::to_string(entries) + " entr" +
                       (entries == 1 ? "y" : "ies") + " (" + names + ")");
    } else {
      f.seen.push_back("/etc/crypttab has no entries");
    }
  }
  auto devices = reader.list("/sys/block");
  if (f.ok(devices)) {
    for (const std::string& dev : *devices) {
      if (!dev.starts_with("dm-")) continue;
      auto uuid = reader.read("/sys/block/" + dev + "/dm/uuid");
      if (!f.ok(uuid) || !*uuid || !(*uuid)->starts_with("CRYPT-")) continue;
      f.pass = true;
      const std::string id = (*uuid)->substr(0, (*uuid)->find_first_of("\n"));
      f.seen.push_back("/sys/block/" + dev + " is a dm-crypt device (" + id + ")");
    }
  }
  return f.verdict("no /etc/crypttab entry and no dm-crypt device under /sys/block");
}

}  // namespace crosswalk::ingest
