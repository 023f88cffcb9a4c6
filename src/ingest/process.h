// Runs a program with its output captured into a file, under a time limit, leaving no process,
// zombie or file descriptor behind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace crosswalk::ingest {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] an absolute path: no PATH search, no shell
  std::vector<std::string> env;   // "NAME=value", the whole environment
  std::string working_directory = "/";
  int timeout_seconds = 60;
  std::int64_t max_output_bytes = std::int64_t{1} << 20;
};

struct ProcessResult {
  enum class End { kExited, kSignaled, kTimedOut, kCannotStart };
  End end = End::kExited;
  int exit_status = 0;            // kExited
  int signal = 0;                 // kSignaled
  std::string start_error;        // kCannotStart: "cannot execute /x: No such file or directory"
  std::int64_t output_bytes = 0;  // all the output produced
  std::int64_t kept_bytes = 0;    // written to the output file (at most max_output_bytes)
  double seconds = 0;
};

// The child runs in a new session (its own process group) with stdin on /dev/null and stdout and
// stderr on a pipe whose first max_output_bytes go to `output_fd`; the rest is read and dropped.
// At the timeout the group gets SIGTERM, 2 s later SIGKILL. Once the child has exited, the rest
// of its group is killed. Errors are only for the parent's own failures (pipe, fork, writing).
Result<ProcessResult> run_process(const ProcessSpec& spec, int output_fd);

}  // namespace crosswalk::ingest
