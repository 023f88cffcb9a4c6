// Documents rendered to Markdown (escaping keeps text inside its block) and to PDF (text read
// back with poppler-utils' pdftotext; long tables break across pages with their header).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "report/markdown.h"
#include "report/pdf.h"
#include "temp_dir.h"

namespace crosswalk::report {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << command;
  return out;
}

Document sample(int rows) {
  Document doc;
  doc.title = "Model card: Crédit scoring, model version v3";
  doc.subtitle = "Generated from the registers";
  doc.heading("Intended use");
  doc.paragraph("Score consumer credit applications — never the only basis of a refusal.");
  doc.bullets({"Our role: deployer", "Autonomy: human-in-the-loop"});
  std::vector<std::vector<std::string>> table;
  for (int i = 1; i <= rows; ++i)
    table.push_back({"RISK-" + std::to_string(i), "bias", std::to_string(i % 25) + " Medium"});
  doc.table({"Risk", "Source", "Current rating"}, table);
  return doc;
}

TEST(Markdown, TextStaysInsideItsBlock) {
  Document doc;
  doc.title = "Card # 1";
  doc.table({"Risk", "Note"}, {{"RISK-1", "a | b\nnew line <script>"}});
  doc.bullets({"*bold* [link](x)"});
  const std::string md = to_markdown(doc);
  EXPECT_NE(md.find("# Card \\# 1\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| RISK-1 | a \\| b new line \\<script\\> |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Risk | Note |\n|---|---|\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- \\*bold\\* \\[link\\](x)"), std::string::npos) << md;
}

TEST(Pdf, TextIsExtractableAndLongTablesRepeatTheirHeader) {
  testing::TempDir dir;
  const std::string path = dir / "card.pdf";
  ASSERT_TRUE(write_pdf(sample(120), path).ok());
  std::ifstream in(path, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  const std::string text = run("pdftotext -layout " + path + " -");
  EXPECT_NE(text.find("Model card: Crédit scoring, model version v3"), std::string::npos) << text;
  EXPECT_NE(text.find("never the only basis of a refusal"), std::string::npos);
  EXPECT_NE(text.find("RISK-120"), std::string::npos);
  const std::string info = run("pdfinfo " + path);
  EXPECT_NE(info.find("Model card: Crédit scoring, model version v3"), std::string::npos) << info;
  const std::string pages = info.substr(info.find("Pages:") + 6);
  EXPECT_GE(std::stoi(pages), 3);
  // The table's header starts every page it runs over.
  const std::string page2 = run("pdftotext -f 2 -l 2 -layout " + path + " -");
  EXPECT_NE(page2.find("Current rating"), std::string::npos) << page2;
  EXPECT_NE(page2.find("page 2"), std::string::npos);
}

TEST(Pdf, AFailedWriteLeavesNothingBehind) {
  testing::TempDir dir;
  const Status s = write_pdf(sample(3), dir / "missing-dir/card.pdf");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_NE(s.message().find("missing-dir/card.pdf"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace crosswalk::report
