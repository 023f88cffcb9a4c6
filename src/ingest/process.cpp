#include "ingest/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace crosswalk::ingest {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kKillGrace = std::chrono::seconds(2);  // SIGTERM → SIGKILL
constexpr auto kDrainLimit = milliseconds(500);       // reading what is left after the exit

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

Status errno_error(const std::string& what) {
  return Status::IoError(what + ": " + std::strerror(errno));
}

// Keeps pipe ends off 0-2, so the child's dup2 onto stdio cannot clobber them.
int above_stdio(int fd) {
  if (fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

Status make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno_error("cannot create a pipe");
  read_end.reset(above_stdio(fds[0]));
  write_end.reset(above_stdio(fds[1]));
  if (read_end.get() < 0 || write_end.get() < 0) return errno_error("cannot create a pipe");
  return Status::Ok();
}

// Between fork and exec: async-signal-safe calls only. Failures go to `err_fd` as a stage letter
// and errno.
[[noreturn]] void exec_child(char* const argv[], char* const envp[], const char* dir, int out_fd,
                             int err_fd, int max_fd) {
  const auto fail = [err_fd](char stage) {
    const int e = errno;
    char buf[1 + sizeof e];
    buf[0] = stage;
    std::memcpy(buf + 1, &e, sizeof e);
    [[maybe_unused]] const ssize_t n = ::write(err_fd, buf, sizeof buf);
    ::_exit(127);
  };
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s) ::sigaction(s, &dfl, nullptr);  // the server may ignore SIGPIPE
  if (::setsid() < 0) fail('s');
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd < 0) fail('n');
  if (::dup2(null_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(out_fd, 2) < 0) fail('d');
  if (::chdir(dir) != 0) fail('c');
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
    for (int fd = 3; fd < max_fd; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  ::execve(argv[0], argv, envp);
  fail('e');
  ::_exit(127);
}

std::string start_error(char stage, int err, const ProcessSpec& spec) {
  const std::string why = std::strerror(err);
  switch (stage) {
    case 'e':
      return "cannot execute " + spec.argv[0] + ": " + why;
    case 'c':
      return "cannot change to working directory " + spec.working_directory + ": " + why;
    default:
      return std::string("cannot prepare the process (step ") + stage + "): " + why;
  }
}

// Without reaping: the zombie keeps the process group id reserved until the group is killed.
// An error (ECHILD: someone else reaped it) counts as exited.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  const int r = ::waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT);
  return r == 0 ? info.si_pid == pid : errno != EINTR;
}

}  // namespace

Result<ProcessResult> run_process(const ProcessSpec& spec, int output_fd) {
  if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/')
    return Status::InvalidInput("argv[0] must be an absolute path");
  std::vector<std::string> strings = spec.argv;
  strings.insert(strings.end(), spec.env.begin(), spec.env.end());
  std::vector<char*> argv, envp;
  for (std::size_t i = 0; i < strings.size(); ++i)
    (i < spec.argv.size() ? argv : envp).push_back(strings[i].data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  const int max_fd = int(std::clamp<long>(::sysconf(_SC_OPEN_MAX), 1024, 65536));

  Fd out_r, out_w, err_r, err_w;
  CW_RETURN_IF_ERROR(make_pipe(out_r, out_w));
  CW_RETURN_IF_ERROR(make_pipe(err_r, err_w));
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return errno_error("cannot start a process");
  if (pid == 0)
    exec_child(argv.data(), envp.data(), spec.working_directory.c_str(), out_w.get(), err_w.get(),
               max_fd);
  out_w.reset();
  err_w.reset();

  ProcessResult result;
  char report[1 + sizeof(int)];
  std::size_t got = 0;
  while (got < sizeof report) {  // EOF when exec succeeded: the pipe was close-on-exec
    const ssize_t n = ::read(err_r.get(), report + got, sizeof report - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += std::size_t(n);
  }
  int status = 0;
  if (got == sizeof report) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    int err = 0;
    std::memcpy(&err, report + 1, sizeof err);
    result.end = ProcessResult::End::kCannotStart;
    result.start_error = start_error(report[0], err, spec);
    return result;
  }

  const Fd pidfd(int(::syscall(SYS_pidfd_open, pid, 0)));  // -1 on old kernels: poll in ticks
  Status write_status;
  char buf[65536];
  bool pipe_open = true, timed_out = false;
  const auto consume = [&](std::size_t n) {
    result.output_bytes += std::int64_t(n);
    const auto keep = std::size_t(
        std::clamp<std::int64_t>(spec.max_output_bytes - result.kept_bytes, 0, std::int64_t(n)));
    for (std::size_t done = 0; done < keep && write_status.ok();) {
      const ssize_t w = ::write(output_fd, buf + done, keep - done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0)
        write_status = errno_error("cannot write the command's output");
      else
        done += std::size_t(w);
    }
    result.kept_bytes += std::int64_t(keep);
    if (!write_status.ok()) ::kill(-pid, SIGKILL);
  };
  // Waits for output or, with watch_exit, the child's exit; reads one chunk of output.
  const auto read_some = [&](int timeout_ms, bool watch_exit) {
    pollfd fds[2] = {{out_r.get(), POLLIN, 0}, {pidfd.get(), POLLIN, 0}};
    const nfds_t nfds = (watch_exit && pidfd.get() >= 0) ? 2 : 1;
    if (::poll(pipe_open ? fds : fds + 1, pipe_open ? nfds : nfds - 1, timeout_ms) <= 0) return;
    if (!pipe_open || !(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) return;
    const ssize_t n = ::read(out_r.get(), buf, sizeof buf);
    if (n > 0) consume(std::size_t(n));
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) pipe_open = false;
  };

  const auto deadline = start + std::chrono::seconds(spec.timeout_seconds);
  // A plain time point and flag: GCC 12 misreads an optional here as maybe-uninitialized.
  Clock::time_point kill_at{};
  bool kill_pending = false;
  while (!has_exited(pid)) {
    const auto now = Clock::now();
    if (!timed_out && now >= deadline) {
      timed_out = true;
      ::kill(-pid, SIGTERM);
      kill_at = now + kKillGrace;
      kill_pending = true;
    } else if (kill_pending && now >= kill_at) {
      ::kill(-pid, SIGKILL);
      kill_pending = false;
    }
    const auto next = !timed_out ? deadline : kill_pending ? kill_at : now + milliseconds(50);
    const auto wait = std::chrono::duration_cast<milliseconds>(next - now).count() + 1;
    const int tick = pidfd.get() >= 0 ? 1000 : 50;
    if (!pipe_open && pidfd.get() < 0)
      ::usleep(useconds_t(std::min<long>(wait, tick)) * 1000);
    else
      read_some(int(std::clamp<long>(wait, 0, tick)), true);
  }
  ::kill(-pid, SIGKILL);  // what is left of the group (background children)
  pid_t reaped;
  while ((reaped = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (reaped != pid) write_status = errno_error("cannot get the exit status of " + spec.argv[0]);
  // Output still buffered in the pipe; a process that left the group may hold it open.
  for (const auto drain_end = Clock::now() + kDrainLimit; pipe_open && Clock::now() < drain_end;)
    read_some(int(std::chrono::duration_cast<milliseconds>(drain_end - Clock::now()).count()) + 1,
              false);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!write_status.ok()) return write_status;
  if (timed_out) {
    result.end = ProcessResult::End::kTimedOut;
  } else if (WIFSIGNALED(status)) {
    result.end = ProcessResult::End::kSignaled;
    result.signal = WTERMSIG(status);
  } else {
    result.exit_status = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace crosswalk::ingest
