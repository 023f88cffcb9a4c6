#include "http/multipart.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "temp_dir.h"

namespace crosswalk::http {
namespace {

const std::string kType = "multipart/form-data; boundary=XyZ";

Request request(const std::string& body, const std::string& type = kType) {
  Request r;
  r.method = "POST";
  r.path = "/api/v1/evidence";
  r.headers["content-type"] = type;
  r.body = body;
  return r;
}

std::string field(const std::string& name, const std::string& value) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

std::string file_part(const std::string& name, const std::string& filename,
                      const std::string& content) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/pdf\r\n\r\n" + content + "\r\n";
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::size_t files_in(const std::string& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       it != std::filesystem::directory_iterator(); ++it)
    ++n;
  return n;
}

class Multipart : public ::testing::Test {
 protected:
  std::string scratch() const { return dir / "scratch"; }
  testing::TempDir dir;
};

TEST_F(Multipart, ReadsRepeatedFieldsAndAFileFromMemoryOrFromAFile) {
  // Binary content with line breaks, dashes and near-boundaries.
  const std::string content =
      std::string("%PDF\r\n--XyY\r\n-XyZ\r\n") + '\0' + "\xff" + "end\r\n--Xy";
  const std::string body = "preamble to ignore\r\n" + field("control", "AI-01") +
                           field("control", "AI-02") + field("note", "signed copy") +
                           file_part("file", "policy v2.pdf", content) + "--XyZ--\r\nepilogue";
  std::ofstream(dir / "body.bin", std::ios::binary) << body;
  Request on_disk = request("");
  on_disk.body_file = dir / "body.bin";
  for (const Request& req : {request(body), on_disk}) {
    auto form = read_multipart(req, scratch());
    ASSERT_TRUE(form.ok()) << form.status().message();
    EXPECT_EQ(form->values("control"), (std::vector<std::string>{"AI-01", "AI-02"}));
    EXPECT_EQ(form->values("note"), std::vector<std::string>{"signed copy"});
    EXPECT_TRUE(form->values("valid_days").empty());
    ASSERT_EQ(form->files.size(), 1u);
    const UploadedFile& f = form->files[0];
    EXPECT_EQ(f.field, "file");
    EXPECT_EQ(f.filename, "policy v2.pdf");
    EXPECT_EQ(f.content_type, "application/pdf");
    EXPECT_EQ(f.size, static_cast<std::int64_t>(content.size()));
    EXPECT_EQ(read(f.file.path()), content);
    EXPECT_EQ(std::filesystem::path(f.file.path()).parent_path(), scratch());
  }
  EXPECT_EQ(files_in(scratch()), 0u);  // the forms removed their files
}

TEST_F(Multipart, FindsBoundariesSplitAcrossEveryReadChunkSize) {
  const std::string content(300, 'a');
  const std::string body =
      field("control", "AI-01") + file_part("file", "a.txt", content) + "--XyZ--";
  for (std::size_t chunk = 1; chunk <= 40; ++chunk) {
    MultipartLimits limits;
    limits.read_chunk = chunk;
    auto form = read_multipart(request(body), scratch(), limits);
    ASSERT_TRUE(form.ok()) << "chunk " << chunk << ": " << form.status().message();
    EXPECT_EQ(form->values("control"), std::vector<std::string>{"AI-01"}) << chunk;
    ASSERT_EQ(form->files.size(), 1u);
    EXPECT_EQ(read(form->files[0].file.path()), content) << chunk;
  }
}

TEST_F(Multipart, AcceptsQuotedBoundariesEmptyValuesAndEncodedFileNames) {
  const std::string body =
      "--a b:c\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n\r\n"
      "--a b:c  \r\ncontent-disposition: FORM-DATA; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf; "
      "name=file; filename=\"resume.pdf\"\r\n\r\nx\r\n--a b:c--";
  auto form = read_multipart(
      request(body, "Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), scratch());
  ASSERT_TRUE(form.ok()) << form.status().message();
  EXPECT_EQ(form->values("note"), std::vector<std::string>{""});
  ASSERT_EQ(form->files.size(), 1u);
  EXPECT_EQ(form->files[0].filename, "résumé.pdf");
  EXPECT_EQ(form->files[0].content_type, "application/octet-stream");
}

TEST_F(Multipart, KeepsBackslashesOfWindowsPathsAndUnescapesQuotes) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"C:\\Users\\me\\say \\\"hi\\\".txt\"\r\n\r\nx\r\n--XyZ--";
  auto form = read_multipart(request(body), scratch());
  ASSERT_TRUE(form.ok()) << form.status().message();
  EXPECT_EQ(form->files[0].filename, "C:\\Users\\me\\say \"hi\".txt");
}

TEST_F(Multipart, MalformedBodiesAreRejectedWithAClearReasonAndLeaveNoFiles) {
  const std::string ok_file = file_part("file", "a.pdf", "data");
  struct Case {
    std::string type, body, reason;
  };
  const std::vector<Case> cases = {
      {"application/json", "{}", "not multipart/form-data"},
      {"multipart/form-data", "--XyZ--", "no boundary"},
      {"multipart/form-data; boundary=\"\"", "--XyZ--", "no boundary"},
      {"multipart/form-data; boundary=" + std::string(71, 'a'), "", "1 to 70"},
      {"multipart/form-data; boundary=a\"b", "", "1 to 70"},
      {kType, "", "never occurs"},
      {kType, "--Other\r\n\r\n--Other--", "never occurs"},
      {kType, ok_file, "truncated"},
      {kType, ok_file + "--XyZ", "truncated"},
      {kType, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nab",
       "truncated"},
      {kType, "--XyZ\r\nContent-Disposition: form-data; name=\"x\"", "truncated"},
      {kType, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--", "part 1: no name"},
      {kType, ok_file + "--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--XyZ--",
       "part 2: no name"},
      {kType, "--XyZ\r\n\r\nv\r\n--XyZ--", "no Content-Disposition"},
      {kType, "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--",
       "no Content-Disposition: form-data"},
      {kType, "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--",
       "malformed Content-Disposition"},
      {kType, "--XyZ\r\nno colon here\r\n\r\nv\r\n--XyZ--", "malformed header line"},
      {kType, "--XyZjunk\r\n", "not followed by a line break"},
      {kType, field("note", std::string(64 * 1024 + 1, 'n')) + "--XyZ--", "longer than 65536"},
      {kType, field("note", "\xff\xfe") + "--XyZ--", "not UTF-8"},
      {kType, "--XyZ\r\nX-Long: " + std::string(9000, 'h') + "\r\n\r\nv\r\n--XyZ--",
       "headers are longer"},
  };
  for (const Case& c : cases) {
    auto form = read_multipart(request(c.body, c.type), scratch());
    ASSERT_FALSE(form.ok()) << c.reason;
    EXPECT_EQ(form.status().code(), Status::Code::kInvalidInput) << c.reason;
    EXPECT_NE(form.status().message().find(c.reason), std::string::npos)
        << "want '" << c.reason << "' in: " << form.status().message();
    EXPECT_EQ(files_in(scratch()), 0u) << c.reason;
  }
}

TEST_F(Multipart, LimitsTheNumberOfParts) {
  std::string body;
  for (int i = 0; i < 5; ++i) body += field("control", "AI-01");
  MultipartLimits limits;
  limits.parts = 4;
  auto form = read_multipart(request(body + "--XyZ--"), scratch(), limits);
  ASSERT_FALSE(form.ok());
  EXPECT_NE(form.status().message().find("more than 4 parts"), std::string::npos);
}

TEST(MediaType, IgnoresCaseParametersAndSpaces) {
  EXPECT_EQ(media_type(" Application/JSON ; charset=utf-8"), "application/json");
  EXPECT_TRUE(is_multipart_form("multipart/form-data;boundary=x"));
  EXPECT_FALSE(is_multipart_form("multipart/mixed; boundary=x"));
  EXPECT_FALSE(is_multipart_form(""));
}

}  // namespace
}  // namespace crosswalk::http
