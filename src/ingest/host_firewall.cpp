// Host firewall, from configuration files: an nftables ruleset loaded at boot, ufw, or firewalld.
#include <vector>

#include "ingest/host_checks.h"

namespace crosswalk::ingest {
namespace {

using domain::CheckOutcome;

constexpr const char* kConfigOnly = " (configuration files read, not the live kernel ruleset)";

struct Chain {
  std::string name;
  bool input = false;     // a base chain on the input hook
  std::string policy;     // "accept" (nft's default) or "drop"
  std::string last_rule;  // the chain's final statement
};

// Base chains of an nftables ruleset: statements end at ';', a new line or a brace; braces
// inside a rule (anonymous sets) stay part of it.
std::vector<Chain> nft_chains(std::string_view ruleset) {
  std::string text;
  for (const ConfigLine& line : config_lines(ruleset)) text += line.text + "\n";
  std::vector<Chain> chains;
  Chain current;
  int depth = 0, chain_depth = -1;
  std::string statement;
  const auto flush = [&] {
    const std::vector<std::string> words = split_words(statement);
    statement.clear();
    if (words.empty() || depth != chain_depth) return;
    if (words[0] == "type") {
      for (std::size_t i = 0; i + 1 < words.size(); ++i)
        if (words[i] == "hook" && words[i + 1] == "input") current.input = true;
    } else if (words[0] == "policy" && words.size() > 1) {
      current.policy = words[1];
    } else {
      current.last_rule = words.back();
      for (const std::string& w : words)
        if (w == "reject") current.last_rule = "reject";
    }
  };
  for (const char c : text) {
    if (c == '{' && chain_depth >= 0 && depth >= chain_depth) {
      statement += c;
      ++depth;
    } else if (c == '{') {
      const std::vector<std::string> words = split_words(statement);
      statement.clear();
      ++depth;
      if (words.size() >= 2 && words[0] == "chain") {
        current = Chain();
        current.name = words[1];
        chain_depth = depth;
      }
    } else if (c == '}' && depth > chain_depth && chain_depth >= 0) {
      statement += c;
      --depth;
    } else if (c == '}') {
      flush();
      if (depth == chain_depth) {
        chains.push_back(current);
        chain_depth = -1;
      }
      --depth;
    } else if (c == ';' || c == '\n') {
      if (depth > chain_depth && chain_depth >= 0) {
        statement += ' ';
      } else {
        flush();
      }
    } else {
      statement += c;
    }
  }
  return chains;
}

struct Verdict {
  bool pass = false;
  std::vector<std::string> seen;
  std::string error;
};

void check_nftables(HostReader& reader, Verdict& v) {
  const std::string path = "/etc/nftables.conf";
  auto text = reader.read(path);
  if (!text.ok()) {
    v.error = text.status().message();
    return;
  }
  if (!*text) return;
  std::string found;
  for (const Chain& c : nft_chains(**text)) {
    if (!c.input) continue;
    if (c.policy == "drop") {
      found = "chain " + c.name + " on the input hook has policy drop";
    } else if (c.last_rule == "drop" || c.last_rule == "reject") {
      found = "chain " + c.name + " on the input hook ends with " + c.last_rule;
    } else if (found.empty()) {
      v.seen.push_back(path + ": chain " + c.name + " on the input hook accepts by default");
    }
  }
  if (found.empty()) {
    if (v.seen.empty()) v.seen.push_back(path + ": no chain on the input hook");
    return;
  }
  auto enabled = systemd_enabled(reader, "nftables.service");
  if (!enabled.ok()) {
    v.error = enabled.status().message();
  } else if (!*enabled) {
    v.seen.push_back(path + ": " + found + ", but nftables.service is not enabled");
  } else {
    v.pass = true;
    v.seen.push_back(path + ": " + found + "; nftables.service enabled (" + **enabled + ")");
  }
}

void check_ufw(HostReader& reader, Verdict& v) {
  auto conf = reader.read("/etc/ufw/ufw.conf");
  if (!conf.ok()) {
    v.error = conf.status().message();
    return;
  }
  if (!*conf) return;
  if (assignment(**conf, "ENABLED").value_or("no") != "yes") {
    v.seen.push_back("/etc/ufw/ufw.conf: ENABLED is not yes");
    return;
  }
  auto defaults = reader.read("/etc/default/ufw");
  if (!defaults.ok()) {
    v.error = defaults.status().message();
    return;
  }
  const std::string policy =
      *defaults ? assignment(**defaults, "DEFAULT_INPUT_POLICY").value_or("DROP") : "DROP";
  if (policy == "ACCEPT") {
    v.seen.push_back("ufw enabled, but /etc/default/ufw sets DEFAULT_INPUT_POLICY=ACCEPT");
    return;
  }
  v.pass = true;
  v.seen.push_back("/etc/ufw/ufw.conf: ENABLED=yes; incoming policy " + policy);
}

void check_firewalld(HostReader& reader, Verdict& v) {
  auto conf = reader.read("/etc/firewalld/firewalld.conf");
  if (!conf.ok()) {
    v.error = conf.status().message();
    return;
  }
  if (!*conf) return;
  const std::string zone = assignment(**conf, "DefaultZone").value_or("public");
  auto enabled = systemd_enabled(reader, "firewalld.service");
  if (!enabled.ok()) {
    v.error = enabled.status().message();
  } else if (!*enabled) {
    v.seen.push_back("/etc/firewalld/firewalld.conf present, but firewalld.service is not enabled");
  } else if (zone == "trusted") {
    v.seen.push_back("firewalld enabled, but its default zone is trusted (accepts everything)");
  } else {
    v.pass = true;
    v.seen.push_back("firewalld enabled (" + **enabled + "), default zone " + zone);
  }
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

HostCheckResult check_firewall(HostReader& reader) {
  Verdict v;
  check_nftables(reader, v);
  check_ufw(reader, v);
  check_firewalld(reader, v);
  if (v.pass) return {CheckOutcome::kPass, join(v.seen) + kConfigOnly};
  if (!v.error.empty()) return {CheckOutcome::kError, v.error};
  if (v.seen.empty())
    return {CheckOutcome::kFail,
            std::string("no nftables, ufw or firewalld configuration found") + kConfigOnly};
  return {CheckOutcome::kFail,
          "no firewall drops unsolicited input: " + join(v.seen) + kConfigOnly};
}

}  // namespace crosswalk::ingest
