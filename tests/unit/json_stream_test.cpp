// The streaming reader under every importer, through SARIF and OCSF imports and directly: syntax
// errors with their place, truncation, nesting, size and encoding limits, and a randomized
// comparison with a whole-document parser (nlohmann) on valid and mutated documents, read with
// reads of every size so that strings, escapes and numbers cross block and read boundaries.
#include "ingest/json_stream.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "golden.h"
#include "json_import_util.h"

namespace crosswalk {
namespace {

using ingest::Format;
using ingest::ImportOptions;
using ingest::JsonKind;
using ingest::JsonStream;
using testing::Imported;
using testing::read_file;
using testing::where;

std::string sarif_sample(const std::string& name) {
  return testing::sample("sarif/" + name + ".sarif");
}

Imported import(const std::string& path, const ImportOptions& options = {}) {
  return testing::import(path, Format::kSarif, options);
}

Imported import_text(const std::string& text, const ImportOptions& options = {}) {
  return testing::import_text(text, Format::kSarif, options);
}

// A log whose one run has `results` (a JSON array's text) after its tool.
std::string log_with_results(const std::string& results) {
  return R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"T","rules":[]}},"results":)" +
         results + "}]}";
}

TEST(JsonStream, EveryTruncationNamesTheEndOfTheFile) {
  for (const std::string name : {"spec-appendix_k2", "gitleaks-sarif_simple", "trivy-alpine-310",
                                 "spec-appendix_k4", "semgrep-with_source"}) {
    const std::string text = read_file(sarif_sample(name));
    const std::size_t last = text.rfind('}');
    const std::size_t step = text.size() < 2000 ? 1 : 97;
    for (std::size_t cut = 0; cut <= last; cut += step) {
      ImportOptions options;
      options.read_chunk_bytes = cut % 2 ? 5 : 4096;
      Imported got = import_text(text.substr(0, cut), options);
      ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput) << name << " cut at " << cut;
      EXPECT_EQ(got.status.message().rfind(where(text, cut) + "unexpected end of file", 0), 0u)
          << got.status.message();
      EXPECT_NE(got.status.message().find("the file ends at byte " + std::to_string(cut)),
                std::string::npos)
          << got.status.message();
    }
  }
}

TEST(JsonStream, SyntaxErrorsSayWhatWasExpected) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "unexpected end of file where a value was expected"},
      {"[]", "expected a SARIF log (a JSON object)"},
      {R"({"runs": 5})", "expected \"runs\" to be an array"},
      {R"({"runs": [],})", "expected a string key, found '}'"},
      {R"({"runs": []} x)", "expected the end of the file after the JSON value, found 'x'"},
      {R"({"runs": [}]})", "expected a JSON value, found '}'"},
      {log_with_results(R"([{"a": tru}])"), "invalid literal (expected true)"},
      {log_with_results(R"([{"a": 01}])"), "invalid number"},
      {log_with_results(R"([{"a": 1.}])"), "invalid number"},
      {log_with_results(R"([{"a": "\x"}])"), "invalid escape '\\x' in a string"},
      {log_with_results(R"([{"a": "\u12G4"}])"), "invalid \\u escape in a string"},
      {log_with_results("[{\"a\": \"tab\there\"}]"), "control character byte 0x09 in a string"},
      {log_with_results(R"([{"a" 1}])"), "expected ':' after an object key, found '1'"},
      {log_with_results(R"([{1: 1}])"), "expected a string key or '}', found '1'"},
      {log_with_results(R"([[1,]])"), "expected a value, found ']'"},
      {log_with_results(R"([{"a": [1}])"), "expected ',' or ']' after an array item, found '}'"},
      {log_with_results(R"([{"a": 1]])"), "expected ',' or '}' after an object member, found ']'"},
      {log_with_results(R"([{"a": 1} {"b": 2}])"),
       "expected ',' or ']' after an array item, found '{'"},
  };
  for (const auto& [text, expected] : cases) {
    Imported got = import_text(text);
    ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput) << text;
    EXPECT_EQ(got.status.message().rfind("byte ", 0), 0u) << got.status.message();
    EXPECT_NE(got.status.message().find(expected), std::string::npos)
        << text << "\n  gave: " << got.status.message();
  }
}

TEST(JsonStream, DeepNestingIsRefused) {
  const std::string head = log_with_results("");
  const std::string prefix = head.substr(0, head.size() - 3);  // up to "results":
  const std::string text = prefix + std::string(100000, '[');
  Imported got = import_text(text);
  ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput);
  // log, runs, run and results take 4 of the 256 levels; the item has 252 more.
  EXPECT_EQ(got.status.message(), where(text, prefix.size() + 253) +
                                      "nesting deeper than 256 levels (at runs[0].results[0])");
  // Also in a part that is only skipped, and with a lower limit.
  got = import_text(R"({"x":)" + std::string(100000, '[') + "}");
  EXPECT_NE(got.status.message().find("nesting deeper than 256 levels"), std::string::npos);
  ImportOptions shallow;
  shallow.max_depth = 8;
  got = import(sarif_sample("spec-appendix_k4"), shallow);
  EXPECT_NE(got.status.message().find("nesting deeper than 8 levels"), std::string::npos);
}

TEST(JsonStream, ElementOverTheSizeLimitIsRefused) {
  ImportOptions options;
  options.max_element_bytes = 1 << 20;
  const std::string big(2 << 20, 'a');
  const std::string head = log_with_results("");
  const std::string prefix = head.substr(0, head.size() - 3) + "[";
  const std::string text = prefix + R"({"message":{"text":")" + big + R"("}}]}]})";
  Imported got = import_text(text, options);
  ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(got.status.message(),
            where(text, prefix.size()) +
                "the value starting here is larger than the limit of 1048576 bytes (at "
                "runs[0].results[0])");
  // The same string where nothing is captured is only passed over.
  got = import_text(R"({"x":")" + big + R"(","runs":[]})", options);
  EXPECT_TRUE(got.status.ok()) << got.status.message();
}

TEST(JsonStream, InvalidUtf8IsRefusedAtItsByte) {
  const std::string head = log_with_results(R"([{"message":{"text":"caf)");
  const std::string prefix = head.substr(0, head.size() - 3);
  const std::string text = prefix + "\xC3\x28" + R"("}}]}]})";
  for (std::size_t chunk : {1, 2, 3, 4096}) {
    ImportOptions options;
    options.read_chunk_bytes = chunk;
    Imported got = import_text(text, options);
    ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput);
    EXPECT_EQ(
        got.status.message().rfind(where(text, prefix.size()) + "invalid UTF-8 (byte 0xC3)", 0), 0u)
        << got.status.message();
  }
}

TEST(JsonStream, Utf16AndUtf32AreRefusedUtf8BomIsSkipped) {
  const std::string k1 = read_file(sarif_sample("spec-appendix_k1"));
  std::string utf16 = "\xFF\xFE";
  for (char c : k1) utf16 += std::string{c, '\0'};
  Imported got = import_text(utf16);
  EXPECT_EQ(got.status.message(),
            "byte 0 (line 1, column 1): the file is UTF-16 (byte order mark); JSON must be UTF-8");
  got = import_text(std::string("\x00\x00\xFE\xFF", 4) + "{}");
  EXPECT_NE(got.status.message().find("UTF-32"), std::string::npos);
  got = import_text(std::string(utf16.begin() + 2, utf16.end()));  // no byte order mark
  EXPECT_NE(got.status.message().find("UTF-16 without a byte order mark"), std::string::npos);
  got = import_text("\xEF\xBB\xBF" + k1);
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_EQ(got.summary.runs.size(), 1u);
  EXPECT_EQ(got.summary.bytes, static_cast<std::int64_t>(k1.size() + 3));
}

TEST(JsonStream, PullApiWalksKeysAndItemsWithTheirPath) {
  testing::TempDir dir;
  const std::string text = R"( {"a": [1, {"b": "x\u00e9"}, [true, null]], "c": {"d": -1.5e3}} )";
  std::ofstream(dir / "t.json") << text;
  for (std::size_t chunk : {1, 2, 3, 5, 4096}) {
    ingest::JsonStreamOptions options;
    options.chunk_bytes = chunk;
    auto opened = JsonStream::open(dir / "t.json", options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    JsonStream& s = **opened;
    std::string key;
    ASSERT_TRUE(s.begin_object().ok());
    ASSERT_TRUE(*s.next_key(&key));
    EXPECT_EQ(key, "a");
    ASSERT_TRUE(s.begin_array().ok());
    ASSERT_TRUE(*s.next_item());
    EXPECT_EQ(*s.peek(), JsonKind::kNumber);
    EXPECT_EQ(s.path(), "a[0]");
    ASSERT_TRUE(*s.next_item());  // the number is skipped
    auto element = s.capture();
    ASSERT_TRUE(element.ok());
    EXPECT_EQ(element->text, R"({"b": "x\u00e9"})");
    EXPECT_EQ(element->offset, static_cast<std::int64_t>(text.find("{\"b\"")));
    EXPECT_EQ(s.path(), "a[1]");
    ASSERT_TRUE(*s.next_item());
    ASSERT_FALSE(*s.next_item());  // [true, null] skipped, then the array closes
    ASSERT_TRUE(*s.next_key(&key));
    EXPECT_EQ(key, "c");
    EXPECT_EQ(*s.peek(), JsonKind::kObject);
    ASSERT_FALSE(*s.next_key(&key));  // {"d": …} skipped, then the object closes
    EXPECT_TRUE(s.finish().ok());
    EXPECT_EQ(s.offset(), static_cast<std::int64_t>(text.size()));
  }
}

TEST(JsonStream, SecondPassStartsAtAnOffsetWithItsDepthAndPath) {
  testing::TempDir dir;
  const std::string text = R"({"runs": [{"results": [{"x": [[1]]}, 2]}]})";
  std::ofstream(dir / "t.json") << text;
  ingest::JsonStreamOptions options;
  options.start_offset = static_cast<std::int64_t>(text.find("[{\"x\""));
  options.start_depth = 3;
  options.max_depth = 5;
  options.start_path = "runs[0].results";
  auto opened = JsonStream::open(dir / "t.json", options);
  ASSERT_TRUE(opened.ok());
  JsonStream& s = **opened;
  ASSERT_TRUE(s.begin_array().ok());
  ASSERT_TRUE(*s.next_item());
  const Status deep = s.skip();  // results (4) + object (5) + [ (6) is too deep
  EXPECT_EQ(deep.message(), where(text, text.find("[[1]]")) +
                                "nesting deeper than 5 levels (at runs[0].results[0])");
}

// --- randomized comparison with nlohmann ------------------------------------------------------

class RandomJson {
 public:
  explicit RandomJson(std::uint32_t seed) : random_(seed) {}

  std::string value(int depth = 0) {
    switch (pick(depth > 5 ? 4 : 6)) {
      case 0:
        return string();
      case 1:
        return number();
      case 2:
        return pick(2) ? "true" : pick(2) ? "false" : "null";
      case 3:
        return string();
      case 4: {
        std::string s = "[" + space();
        for (int i = 0, n = pick(5); i < n; ++i)
          s += (i ? "," + space() : "") + value(depth + 1) + space();
        return s + "]";
      }
      default: {
        std::string s = "{" + space();
        for (int i = 0, n = pick(5); i < n; ++i)
          s += (i ? "," + space() : "") + string() + space() + ":" + space() + value(depth + 1);
        return s + space() + "}";
      }
    }
  }

  // Strings of all lengths, with runs of backslashes, escaped quotes and multi-byte characters,
  // so that escapes fall on every side of 64-byte blocks.
  std::string string() {
    static const std::vector<std::string> pieces = {"a",
                                                    "bc",
                                                    " ",
                                                    "\\\"",
                                                    "\\\\",
                                                    "\\\\\\\"",
                                                    "\\n",
                                                    "\\u00e9",
                                                    "\\u20AC",
                                                    "\xC3\xA9",
                                                    "\xF0\x9F\x98\x80",
                                                    "\\/",
                                                    "\\t",
                                                    "xyzxyzxyzxyzxyzxyz",
                                                    "\\\\\\\\",
                                                    "{",
                                                    "]",
                                                    ":",
                                                    ","};
    std::string s = "\"";
    const int n = pick(3) == 0 ? pick(80) : pick(8);
    for (int i = 0; i < n; ++i) s += pieces[pick(pieces.size())];
    return s + "\"";
  }

  std::string number() {
    static const std::vector<std::string> numbers = {
        "0", "-0", "7", "-12", "3.25", "1e5", "-2.5E-3", "123456789012", "0.0001"};
    return numbers[pick(numbers.size())];
  }

  std::string space() {
    static const std::vector<std::string> spaces = {"", "", " ", "\n", "  \t", "\r\n    "};
    return spaces[pick(spaces.size())];
  }

  // One random change: a byte replaced, inserted or removed.
  std::string mutate(std::string s) {
    static const std::string alphabet = "\"\\{}[]:,0-1eE.tfnu \n\x01\xC3\xFFxa";
    const std::size_t at = pick(s.size());
    switch (pick(3)) {
      case 0:
        s[at] = alphabet[pick(alphabet.size())];
        break;
      case 1:
        s.insert(at, 1, alphabet[pick(alphabet.size())]);
        break;
      default:
        s.erase(at, 1);
        break;
    }
    return s;
  }

  std::size_t pick(std::size_t n) { return n == 0 ? 0 : random_() % n; }
  int pick(int n) { return static_cast<int>(pick(static_cast<std::size_t>(n))); }

 private:
  std::mt19937 random_;
};

// Valid JSON syntax; nlohmann refuses numbers out of a double's range too, which is no syntax
// error.
bool valid_syntax(const std::string& text) {
  try {
    return !nlohmann::json::parse(text).is_discarded();
  } catch (const nlohmann::json::out_of_range&) {
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

TEST(JsonStream, AgreesWithNlohmannOnRandomValidDocuments) {
  RandomJson random(20261123);
  for (int round = 0; round < 300; ++round) {
    const std::string message = random.string();
    const std::string value = random.value();
    // `value` is validated where it is captured (a result's properties) and where it is skipped.
    const std::string text = R"({"x": )" + value + R"(, "runs": [{"tool": {"driver": {"name": "T"}},
      "results": [{"message": {"text": )" +
                             message + R"(}, "properties": )" + value + "}]}]}";
    ImportOptions options;
    options.read_chunk_bytes = 1 + random.pick(std::size_t{97});
    Imported got = import_text(text, options);
    ASSERT_TRUE(got.status.ok()) << got.status.message() << "\n" << text;
    ASSERT_EQ(got.findings.size(), 1u);
    const std::string expected = nlohmann::json::parse(message).get<std::string>();
    EXPECT_EQ(got.findings[0].message, expected.substr(0, 4096)) << text;
  }
}

TEST(JsonStream, AgreesWithNlohmannOnMutatedDocuments) {
  RandomJson random(7);
  int accepted = 0;
  int refused = 0;
  for (int round = 0; round < 1500; ++round) {
    const std::string text = R"({"runs": [{"tool": {"driver": {"name": "T"}}, "results": [)" +
                             random.mutate(R"({"properties": )" + random.value() + "}") + "]}]}";
    ImportOptions options;
    options.read_chunk_bytes = 1 + random.pick(std::size_t{130});
    Imported got = import_text(text, options);
    const bool valid = valid_syntax(text);
    if (!got.status.ok()) {
      EXPECT_EQ(got.status.message().rfind("byte ", 0), 0u) << got.status.message();
    }
    ASSERT_EQ(got.status.ok(), valid) << got.status.message() << "\n" << text;
    if (valid) {
      ++accepted;
    } else {
      ++refused;
    }
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(refused, 100);
}

TEST(JsonStream, AgreesWithNlohmannOnMutatedOcsfEvents) {
  RandomJson random(11);
  for (int round = 0; round < 500; ++round) {
    const std::string text =
        random.mutate("[" + random.space() + R"({"status_code": "FAIL", "unmapped": )" +
                      random.value() + "}" + random.space() + "]");
    ImportOptions options;
    options.read_chunk_bytes = 1 + random.pick(std::size_t{70});
    Imported got = testing::import_text(text, Format::kOcsf, options);
    // A valid document may still not be OCSF (a top-level string, an array of numbers).
    if (got.status.ok()) {
      EXPECT_TRUE(valid_syntax(text)) << text;
    }
    if (!valid_syntax(text)) {
      ASSERT_FALSE(got.status.ok()) << text;
    }
  }
}

}  // namespace
}  // namespace crosswalk
