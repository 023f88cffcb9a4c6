// The host collector: runs the built-in posture checks under a root and writes a JSON report.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "ingest/collector_internal.h"
#include "ingest/evidence_file.h"
#include "ingest/host_checks.h"

namespace crosswalk::ingest {
namespace {

struct HostCheckDef {
  const char* id;
  const char* name;
  HostCheckResult (*run)(HostReader&);
  std::vector<std::string> templates;
  std::vector<std::string> annex_a;
  const char* reads;
};

// Template ids from catalog/controls/*.json, chosen by the ISO 27001:2022 Annex A item each
// template satisfies in full.
const std::vector<HostCheckDef>& table() {
  static const std::vector<HostCheckDef> kChecks = {
      // A.8.2 privileged access rights (TEC-02), A.8.5 secure authentication (TEC-05)
      {"ssh-root-login",
       "SSH root login disabled",
       check_ssh_root_login,
       {"TEC-02", "TEC-05"},
       {"A.8.2", "A.8.5"},
       "/etc/ssh/sshd_config and the files it Includes"},
      // A.8.5 secure authentication (TEC-05)
      {"ssh-password-auth",
       "SSH password authentication disabled",
       check_ssh_password_auth,
       {"TEC-05"},
       {"A.8.5"},
       "/etc/ssh/sshd_config and the files it Includes"},
      // A.8.20 networks security (TEC-19)
      {"firewall",
       "Host firewall drops unsolicited input",
       check_firewall,
       {"TEC-19"},
       {"A.8.20"},
       "/etc/nftables.conf, /etc/ufw/ufw.conf, /etc/default/ufw, /etc/firewalld/firewalld.conf, "
       "/etc/systemd/system/*.wants/"},
      // A.8.8 management of technical vulnerabilities (TEC-08)
      {"automatic-security-updates",
       "Automatic security updates",
       check_security_updates,
       {"TEC-08"},
       {"A.8.8"},
       "/etc/apt/apt.conf.d/*, /usr/bin/unattended-upgrade, /etc/dnf/automatic.conf, "
       "/etc/systemd/system/*.wants/"},
      // A.8.17 clock synchronization (TEC-17)
      {"time-sync",
       "Clock synchronization",
       check_time_sync,
       {"TEC-17"},
       {"A.8.17"},
       "/etc/systemd/system/*.wants/, /etc/chrony/chrony.conf, /etc/chrony.conf, "
       "/etc/ntpsec/ntp.conf, /etc/ntp.conf"},
      // A.8.24 use of cryptography (TEC-22), A.7.10 storage media (PHY-10)
      {"disk-encryption",
       "Disk encryption",
       check_disk_encryption,
       {"TEC-22", "PHY-10"},
       {"A.8.24", "A.7.10"},
       "/etc/crypttab, /sys/block/dm-*/dm/uuid"},
  };
  return kChecks;
}

}  // namespace

std::vector<HostCheckInfo> host_checks() {
  std::vector<HostCheckInfo> out;
  for (const HostCheckDef& d : table())
    out.push_back({d.id, d.name, d.templates, d.annex_a, d.reads});
  return out;
}

Result<CollectorOutput> run_host_collector(const HostConfig& config, const std::string& output_dir,
                                           domain::Timestamp now) {
  CW_RETURN_IF_ERROR(validate(config));
  auto file = EvidenceFile::create(output_dir, "host-report", ".json");
  if (!file.ok()) return file.status();
  CollectorOutput out;
  out.started_at = out.finished_at = now;
  nlohmann::json report = {{"collector", "host"},
                           {"root", config.root},
                           {"collected_at", domain::format_datetime(now)},
                           {"note", "configuration files read, not the live kernel state"},
                           {"checks", nlohmann::json::array()}};
  for (const HostCheckDef& d : table()) {
    if (!config.checks.empty() &&
        std::find(config.checks.begin(), config.checks.end(), d.id) == config.checks.end())
      continue;
    HostReader reader(config.root);
    const HostCheckResult r = d.run(reader);
    CollectedCheck check{d.id, d.name, r.outcome, printable_excerpt(r.message, 4096), d.templates};
    report["checks"].push_back({{"key", check.key},
                                {"name", check.name},
                                {"outcome", domain::to_string(check.outcome)},
                                {"message", check.message},
                                {"templates", check.templates},
                                {"read", reader.take_log()}});
    out.checks.push_back(std::move(check));
  }
  CW_RETURN_IF_ERROR(keep_json_report(*file, report, "host-report.json", out));
  return out;
}

}  // namespace crosswalk::ingest
