// Names of uploaded files: what is stored, and how it goes back out in Content-Disposition.
#include <gtest/gtest.h>

#include "http/evidence_files.h"
#include "service/evidence.h"

namespace crosswalk {
namespace {

TEST(SafeFileName, KeepsTheBaseNameWithoutControlOrBidiCharacters) {
  using service::safe_file_name;
  EXPECT_EQ(safe_file_name("policy v2.pdf"), "policy v2.pdf");
  EXPECT_EQ(safe_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_file_name("C:\\Users\\me\\report.xlsx"), "report.xlsx");
  EXPECT_EQ(safe_file_name("a\r\nb\tc\x7f.txt"), "abc.txt");
  EXPECT_EQ(safe_file_name("r\xC3\xA9sum\xC3\xA9.pdf"), "r\xC3\xA9sum\xC3\xA9.pdf");
  EXPECT_EQ(safe_file_name("evil\xE2\x80\xAE"
                           "fdp.exe"),
            "evilfdp.exe");  // U+202E dropped
  EXPECT_EQ(safe_file_name("bad\xFF\xC0\xAFutf8.txt"), "badutf8.txt");
  EXPECT_EQ(safe_file_name("  spaced.txt  "), "spaced.txt");
  for (const char* nothing : {"", "..", ".", "dir/", "\x01\x02", " "})
    EXPECT_EQ(safe_file_name(nothing), "upload") << nothing;
  const std::string long_name = std::string(300, 'x') + ".pdf";
  EXPECT_EQ(safe_file_name(long_name).size(), 255u);
  // Never cut inside a UTF-8 sequence.
  const std::string euros = std::string(254, 'e') + "\xE2\x82\xAC";
  EXPECT_EQ(safe_file_name(euros), std::string(254, 'e'));
}

TEST(AttachmentDisposition, QuotesAsciiAndAddsAnEncodedUtf8Name) {
  using http::attachment_disposition;
  EXPECT_EQ(attachment_disposition("policy v2.pdf"), "attachment; filename=\"policy v2.pdf\"");
  EXPECT_EQ(attachment_disposition("say \"hi\".txt"),
            "attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt");
  EXPECT_EQ(attachment_disposition("r\xC3\xA9sum\xC3\xA9.pdf"),
            "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
}

}  // namespace
}  // namespace crosswalk
