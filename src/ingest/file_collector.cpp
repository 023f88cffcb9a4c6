// The file collector: fingerprints one document (a policy, a signed report) and checks that it
// was reviewed recently enough. The evidence is a JSON report, not a copy of the document.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

#include "common/sha256.h"
#include "ingest/collector_internal.h"
#include "ingest/evidence_file.h"

namespace crosswalk::ingest {
namespace {

using domain::CheckOutcome;

struct Fingerprint {
  std::string sha256;
  std::int64_t size = 0;
  domain::Timestamp modified = 0;
};

// An error text ("no such file") when the file cannot be fingerprinted.
Result<Fingerprint> fingerprint(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return Status::NotFound(errno == ENOENT ? "no such file" : std::strerror(errno));
  struct stat st {};
  Fingerprint fp;
  std::string error;
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    error = "not a regular file";
  } else {
    Sha256 hash;
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error = std::strerror(errno);
      if (n <= 0) break;
      hash.update(buf, std::size_t(n));
      fp.size += n;
    }
    fp.sha256 = hash.hex_digest();
    fp.modified = st.st_mtim.tv_sec;
  }
  ::close(fd);
  if (!error.empty()) return Status::IoError(error);
  return fp;
}

}  // namespace

Result<CollectorOutput> run_file_collector(const FileConfig& config, const std::string& output_dir,
                                           domain::Timestamp now) {
  CW_RETURN_IF_ERROR(validate(config));
  auto file = EvidenceFile::create(output_dir, "file-report", ".json");
  if (!file.ok()) return file.status();
  CollectorOutput out;
  out.started_at = out.finished_at = now;
  CollectedCheck check{"file", "File " + config.path, CheckOutcome::kError, "", {}};
  nlohmann::json report = {
      {"collector", "file"}, {"path", config.path}, {"collected_at", domain::format_datetime(now)}};
  auto fp = fingerprint(config.path);
  if (!fp.ok()) {
    check.message = fp.status().message() + ": " + config.path;
    report["error"] = fp.status().message();
  } else {
    report["sha256"] = fp->sha256;
    report["size"] = fp->size;
    report["modified"] = domain::format_datetime(fp->modified);
    check.outcome = CheckOutcome::kPass;
    check.message = "sha256 " + fp->sha256 + ", " + std::to_string(fp->size) + " bytes, modified " +
                    domain::format_date(fp->modified);
    if (config.review_every_days) {
      const domain::Timestamp due =
          fp->modified + domain::Timestamp{*config.review_every_days} * domain::kSecondsPerDay;
      report["review_every_days"] = *config.review_every_days;
      report["review_due"] = domain::format_date(due);
      if (now > due) {
        check.outcome = CheckOutcome::kFail;
        check.message = "past its review date since " + domain::format_date(due) + " (" +
                        check.message + ", to be reviewed every " +
                        std::to_string(*config.review_every_days) + " days)";
      } else {
        check.message += "; next review due " + domain::format_date(due);
      }
    }
  }
  report["outcome"] = domain::to_string(check.outcome);
  check.message = printable_excerpt(check.message, 4096);
  out.checks.push_back(std::move(check));
  CW_RETURN_IF_ERROR(keep_json_report(*file, report, "file-report.json", out));
  return out;
}

}  // namespace crosswalk::ingest
