// Streaming JSON import (SARIF, OCSF) against the limit: a bare simdjson On-Demand pass over the
// same file held whole in memory, touching one field of every result / event.
//   import_json_bench generate sarif|ocsf OUT SIZE_MB   writes a realistic file of about SIZE_MB
//   import_json_bench measure FILE sarif|ocsf [--judge]  prints MB/s, items/s, ratio, peak RSS
// Each pass runs 3 times and the best time counts (the machine is shared). The import runs in a
// child process, so that its peak RSS is its own; --judge exits 1 when a target is missed
// (ratio >= 0.40 of bare simdjson, peak RSS < 300 MB).
#include <simdjson.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/importer.h"

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// --- generation -------------------------------------------------------------------------------

// A small deterministic generator (xorshift), so that files are the same from run to run.
struct Random {
  std::uint64_t s = 0x9E3779B97F4A7C15ull;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

const char* const kLevels[] = {"error", "warning", "note"};
const char* const kWords[] = {"user-provided", "value",    "flows",   "into",      "a",
                              "database",      "query",    "without", "sanitizer", "\\\"quoted\\\"",
                              "path",          "traversal"};

std::string sentence(Random& r, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += ' ';
    s += kWords[r.below(12)];
  }
  return s;
}

constexpr int kRules = 300;

std::string sarif_rule(Random& r, int i) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, R"(            {
              "id": "lang/rule-%d",
              "name": "RuleNumber%d",
              "shortDescription": { "text": "Rule %d: %s" },
              "fullDescription": { "text": "%s. %s." },
              "defaultConfiguration": { "level": "%s" },
              "properties": {
                "tags": [ "security", "external/cwe/cwe-%03d" ],
                "precision": "high",
                "security-severity": "%d.%d"
              }
            })",
                i, i, i, sentence(r, 5).c_str(), sentence(r, 12).c_str(), sentence(r, 9).c_str(),
                kLevels[r.below(3)], 20 + r.below(700), r.below(10), r.below(10));
  return buf;
}

std::string physical_location(Random& r, const char* indent) {
  char buf[768];
  const int file = r.below(5000);
  const int line = 1 + r.below(3000);
  std::snprintf(buf, sizeof buf, R"(%s"physicalLocation": {
%s  "artifactLocation": { "uri": "src/module%d/file%d.js", "uriBaseId": "%%SRCROOT%%", "index": %d },
%s  "region": { "startLine": %d, "startColumn": %d, "endColumn": %d,
%s    "snippet": { "text": "db.query(\"SELECT * FROM t WHERE id=\" + id) // %s" } }
%s})",
                indent, indent, file % 40, file, file, indent, line, 1 + r.below(40),
                41 + r.below(40), indent, sentence(r, 3).c_str(), indent);
  return buf;
}

std::string sarif_result(Random& r) {
  const int rule = r.below(kRules);
  std::string s = "        {\n          \"ruleId\": \"lang/rule-" + std::to_string(rule) +
                  "\",\n          \"ruleIndex\": " + std::to_string(rule) +
                  ",\n          \"level\": \"" + kLevels[r.below(3)] +
                  "\",\n          \"message\": {\n            \"text\": \"This " + sentence(r, 14) +
                  " from line " + std::to_string(r.below(9000)) +
                  ".\\nSanitize it.\"\n          },\n          \"locations\": [\n            {\n" +
                  physical_location(r, "              ") + "\n            }\n          ],\n" +
                  "          \"partialFingerprints\": { \"primaryLocationLineHash\": \"" +
                  std::to_string(r.next()) + ":1\" }";
  if (r.below(4) == 0) s += ",\n          \"properties\": { \"tags\": [ \"Reviewed\" ] }";
  if (r.below(5) == 0) {
    s += ",\n          \"codeFlows\": [ { \"threadFlows\": [ { \"locations\": [\n";
    for (int i = 0, n = 3 + r.below(4); i < n; ++i) {
      s += std::string(i ? ",\n" : "") + "            { \"location\": {\n" +
           physical_location(r, "              ") + ",\n              \"message\": { \"text\": \"" +
           sentence(r, 4) + "\" } } }";
    }
    s += "\n          ] } ] } ]";
  }
  return s + "\n        }";
}

void generate_sarif(std::ofstream& out, std::int64_t bytes) {
  Random r;
  const int runs = 3;
  out << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
         "  \"version\": \"2.1.0\",\n  \"runs\": [\n";
  for (int run = 0; run < runs; ++run) {
    out << (run ? ",\n" : "") << "    {\n      \"tool\": {\n        \"driver\": {\n"
        << "          \"name\": \"BenchScanner\",\n          \"semanticVersion\": \"1." << run
        << ".0\",\n          \"rules\": [\n";
    for (int i = 0; i < kRules; ++i) out << (i ? ",\n" : "") << sarif_rule(r, i);
    out << "\n          ]\n        }\n      },\n      \"invocations\": [ { "
           "\"executionSuccessful\": true, \"startTimeUtc\": \"2026-11-20T10:00:00Z\", "
           "\"endTimeUtc\": \"2026-11-20T10:05:00.123Z\" } ],\n      \"results\": [\n";
    const std::int64_t until = bytes * (run + 1) / runs;
    for (bool first = true; out.tellp() < until; first = false)
      out << (first ? "" : ",\n") << sarif_result(r);
    out << "\n      ]\n    }";
  }
  out << "\n  ]\n}\n";
}

const char* const kStatus[] = {"PASS", "FAIL", "FAIL", "MANUAL"};
const char* const kSeverity[] = {"Informational", "Low", "Medium", "High", "Critical"};

std::string ocsf_event(Random& r) {
  const int check = r.below(400);
  const int severity = r.below(5);
  char buf[4096];
  std::snprintf(
      buf, sizeof buf, R"(  {
    "message": "Resource %llu: %s.",
    "metadata": {
      "event_code": "service_check_number_%d",
      "product": { "name": "Prowler", "uid": "prowler", "vendor_name": "Prowler", "version": "5.4.0" },
      "profiles": [ "cloud", "datetime" ],
      "tenant_uid": "",
      "version": "1.4.0"
    },
    "severity_id": %d,
    "severity": "%s",
    "status": "New",
    "status_code": "%s",
    "status_detail": "Resource %llu: %s.",
    "status_id": 1,
    "unmapped": {
      "related_url": "",
      "categories": [ "internet-exposed" ],
      "depends_on": [],
      "related_to": [],
      "notes": "",
      "compliance": {
        "CIS-2.0": [ "%d.%d" ],
        "ISO27001-2022": [ "A.8.%d", "A.5.%d" ],
        "MITRE-ATTACK": [ "T1190", "T1%03d" ],
        "ENS-RD2022": [ "mp.com.1.gcp.fw.%d" ]
      }
    },
    "activity_name": "Create",
    "activity_id": 1,
    "finding_info": {
      "created_time": 1739539640,
      "created_time_dt": "2025-02-14T14:27:20.697446",
      "desc": "%s. %s. %s.",
      "product_uid": "prowler",
      "title": "Ensure that %s",
      "types": [],
      "uid": "prowler-gcp-service_check_number_%d-%llu"
    },
    "resources": [
      {
        "region": "europe-west%d",
        "data": { "details": "", "metadata": { "name": "resource-%llu", "direction": "INGRESS" } },
        "group": { "name": "networking" },
        "labels": [],
        "name": "resource-%llu",
        "type": "FirewallRule",
        "uid": "projects/p%d/global/firewalls/resource-%llu"
      }
    ],
    "category_name": "Findings",
    "category_uid": 2,
    "class_name": "Detection Finding",
    "class_uid": 2004,
    "cloud": { "account": { "name": "project-%d", "type": "GCP Account", "type_id": 5, "uid": "p%d" },
               "provider": "gcp", "region": "global" },
    "remediation": { "desc": "%s.", "references": [ "https://docs.prowler.com/checks/%d" ] },
    "risk_details": "%s.",
    "time": %d,
    "time_dt": "2025-02-14T14:27:20.697446",
    "type_uid": 200401,
    "type_name": "Detection Finding: Create"
  })",
      static_cast<unsigned long long>(r.next() % 100000), sentence(r, 8).c_str(), check,
      severity + 1, kSeverity[severity], kStatus[r.below(4)],
      static_cast<unsigned long long>(r.next() % 100000), sentence(r, 8).c_str(), 1 + r.below(5),
      1 + r.below(20), 1 + r.below(34), 1 + r.below(37), r.below(999), r.below(9),
      sentence(r, 20).c_str(), sentence(r, 20).c_str(), sentence(r, 10).c_str(),
      sentence(r, 6).c_str(), check, static_cast<unsigned long long>(r.next() % 1000000),
      1 + r.below(4), static_cast<unsigned long long>(r.next() % 100000),
      static_cast<unsigned long long>(r.next() % 100000), r.below(50),
      static_cast<unsigned long long>(r.next() % 100000), r.below(50), r.below(50),
      sentence(r, 25).c_str(), check, sentence(r, 15).c_str(), 1739539640 + r.below(3600));
  return buf;
}

void generate_ocsf(std::ofstream& out, std::int64_t bytes) {
  Random r;
  out << "[\n";
  for (bool first = true; out.tellp() < bytes; first = false)
    out << (first ? "" : ",\n") << ocsf_event(r);
  out << "\n]\n";
}

// --- measurement ------------------------------------------------------------------------------

struct Measured {
  double seconds = 0;
  std::int64_t items = 0;
  long peak_rss_kb = 0;
  bool ok = false;
  char error[512] = {};
};

// Our import, in a child process: only its own memory counts in its peak RSS.
Measured measure_import(const std::string& path, crosswalk::ingest::Format format) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Measured m;
    const auto t0 = Clock::now();
    auto r = crosswalk::ingest::import_file(path, format, [&](crosswalk::domain::Finding&&) {
      ++m.items;
      return crosswalk::Status::Ok();
    });
    m.seconds = seconds_since(t0);
    m.ok = r.ok();
    if (!r.ok()) std::snprintf(m.error, sizeof m.error, "%s", r.status().message().c_str());
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    m.peak_rss_kb = u.ru_maxrss;
    (void)!write(fds[1], &m, sizeof m);
    _exit(0);
  }
  close(fds[1]);
  Measured m;
  (void)!read(fds[0], &m, sizeof m);
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return m;
}

// The limit: simdjson On-Demand over the whole file in memory, one field of each item touched.
Measured measure_bare(const std::string& path, bool sarif, double* load_seconds) {
  namespace od = simdjson::ondemand;
  Measured m;
  auto t0 = Clock::now();
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json)) return m;
  *load_seconds = seconds_since(t0);
  od::parser parser(json.size() + 1);
  t0 = Clock::now();
  od::document doc;
  simdjson::error_code err = parser.iterate(json).get(doc);
  std::size_t touched = 0;
  auto touch = [&](od::value item, const char* field) {
    std::string_view v;
    if (!item[field].get_string().get(v)) touched += v.size();
    ++m.items;
  };
  if (!err && sarif) {
    od::array runs;
    err = doc["runs"].get_array().get(runs);
    for (auto run : runs) {
      od::array results;
      if (!err) err = run["results"].get_array().get(results);
      for (auto result : results) touch(result.value_unsafe(), "ruleId");
    }
  } else if (!err) {
    od::array events;
    err = doc.get_array().get(events);
    for (auto event : events) touch(event.value_unsafe(), "status_code");
  }
  m.seconds = seconds_since(t0);
  m.ok = !err && touched > 0;
  return m;
}

int measure(const std::string& path, const std::string& format_name, bool judge) {
  const auto format = crosswalk::ingest::parse_format(format_name);
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const double mb = static_cast<double>(in.tellg()) / 1e6;
  // Warm the page cache so that both passes read from memory.
  std::vector<char> block(8 << 20);
  const auto tr = Clock::now();
  for (in.seekg(0);
       in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount();) {
  }
  const double read_s = seconds_since(tr);
  constexpr int kRuns = 3;
  Measured ours;
  for (int run = 0; run < kRuns; ++run) {
    const Measured m = measure_import(path, *format);
    if (!m.ok) return std::fprintf(stderr, "import failed: %s\n", m.error), 2;
    if (run == 0 || m.seconds < ours.seconds) ours = m;
  }
  double load_s = 0;
  Measured bare;
  for (int run = 0; run < kRuns; ++run) {
    const Measured m = measure_bare(path, format_name == "sarif", &load_s);
    if (!m.ok) return std::fprintf(stderr, "bare simdjson pass failed\n"), 2;
    if (run == 0 || m.seconds < bare.seconds) bare = m;
  }
  const double ours_mbps = mb / ours.seconds;
  const double bare_mbps = mb / bare.seconds;
  const double ratio = ours_mbps / bare_mbps;
  const double rss_mb = static_cast<double>(ours.peak_rss_kb) / 1024;
  std::printf("import_json_bench %s: %s, %.1f MB\n", format_name.c_str(), path.c_str(), mb);
  std::printf("  read (page cache)          %8.0f MB/s\n", mb / read_s);
  std::printf(
      "  bare simdjson On-Demand    %8.0f MB/s %10.0f items/s   (%lld items, %.2f s; "
      "load %.2f s not counted)\n",
      bare_mbps, static_cast<double>(bare.items) / bare.seconds, static_cast<long long>(bare.items),
      bare.seconds, load_s);
  std::printf("  crosswalk import           %8.0f MB/s %10.0f findings/s (%lld findings, %.2f s)\n",
              ours_mbps, static_cast<double>(ours.items) / ours.seconds,
              static_cast<long long>(ours.items), ours.seconds);
  std::printf("  ratio import/bare          %8.2f   (target >= 0.40)\n", ratio);
  std::printf("  import peak RSS            %8.1f MB (target < 300 MB)\n", rss_mb);
  std::printf("RESULT format=%s mb=%.1f ours_mbps=%.1f bare_mbps=%.1f ratio=%.3f rss_mb=%.1f\n",
              format_name.c_str(), mb, ours_mbps, bare_mbps, ratio, rss_mb);
  if (ours.items != bare.items) {
    std::printf("import_json_bench: findings %lld != items %lld\n",
                static_cast<long long>(ours.items), static_cast<long long>(bare.items));
    return 1;
  }
  if (judge && (ratio < 0.40 || rss_mb >= 300)) {
    std::printf("import_json_bench: TARGET MISSED\n");
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "generate" && argc == 5) {
    std::ofstream out(argv[3], std::ios::binary);
    const std::int64_t bytes = std::stoll(argv[4]) * 1000 * 1000;
    if (std::string(argv[2]) == "sarif")
      generate_sarif(out, bytes);
    else
      generate_ocsf(out, bytes);
    return out ? 0 : 2;
  }
  if (command == "measure" && (argc == 4 || argc == 5) && crosswalk::ingest::parse_format(argv[3]))
    return measure(argv[2], argv[3], argc == 5 && std::string(argv[4]) == "--judge");
  std::fprintf(stderr,
               "usage: import_json_bench generate sarif|ocsf OUT SIZE_MB\n"
               "       import_json_bench measure FILE sarif|ocsf [--judge]\n");
  return 2;
}
