// A fuzz target without libFuzzer, for the sanitize build (GCC, ASan + UBSan): replays every file
// given (seeds, regressions), then mutates them at random for SECONDS (bit flips, inserted,
// removed and repeated bytes, splices of two inputs). No coverage guidance: scripts/fuzz.sh does
// that with clang; this keeps the targets whose build is the whole server in the test command at
// the cost of the sanitize build they share. Before each run the input is written to
// LAST_INPUT, so a crash leaves what caused it (replay it with `replay_X LAST_INPUT`).
//   replay_X [--seconds N] [--seed S] [--last-input FILE] FILE_OR_DIR...
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void run(const std::string& input, const std::string& last_input) {
  if (!last_input.empty()) std::ofstream(last_input, std::ios::binary | std::ios::trunc) << input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutate(const std::vector<std::string>& pool, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
  std::string s = pool[pick(pool.size())];
  for (int k = 1 + static_cast<int>(pick(4)); k > 0; --k) {
    switch (pick(5)) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1 << pick(8));
        break;
      case 1:  // insert bytes, often one that means something to a parser
        s.insert(pick(s.size() + 1), 1 + pick(3), "\"\\<>&%=;:/\n\r-\x00\xff{}[]"[pick(19)]);
        break;
      case 2:  // remove a range
        if (!s.empty()) {
          const std::size_t at = pick(s.size());
          s.erase(at, 1 + pick(std::min<std::size_t>(64, s.size() - at)));
        }
        break;
      case 3:  // repeat a range
        if (!s.empty() && s.size() < 16384) {
          const std::size_t at = pick(s.size());
          s.insert(pick(s.size() + 1), s.substr(at, 1 + pick(64)));
        }
        break;
      default: {  // splice with another input
        const std::string& other = pool[pick(pool.size())];
        s = s.substr(0, pick(s.size() + 1)) + other.substr(pick(other.size() + 1));
      }
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0;
  std::uint64_t seed = std::random_device{}();
  std::string last_input;
  std::vector<std::string> pool;
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--last-input" && i + 1 < argc) {
      last_input = argv[++i];
    } else {
      std::vector<std::filesystem::path> paths;
      if (std::filesystem::is_directory(a)) {
        for (const auto& e : std::filesystem::directory_iterator(a))
          if (e.is_regular_file()) paths.push_back(e.path());
      } else {
        paths.emplace_back(a);
      }
      for (const auto& p : paths) {
        pool.push_back(read_file(p));
        run(pool.back(), last_input);
        ++files;
      }
    }
  }
  if (pool.empty()) pool.emplace_back();
  std::mt19937_64 rng(seed);
  std::uint64_t runs = 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    run(mutate(pool, rng), last_input);
    ++runs;
  }
  std::printf("%s: %d inputs replayed, %llu mutated inputs in %.0f s (seed %llu), no crash\n",
              argv[0], files, static_cast<unsigned long long>(runs), seconds,
              static_cast<unsigned long long>(seed));
  return 0;
}
