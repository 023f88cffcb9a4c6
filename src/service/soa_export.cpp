#include "service/soa_export.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"
#include "common/temp_file.h"
#include "report/pdf.h"

namespace crosswalk::service {
namespace d = crosswalk::domain;

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator = "; ") {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

std::string reasons_text(const d::SoaRow& r) {
  std::vector<std::string> parts;
  for (d::InclusionReason reason : r.reasons) {
    std::string text(d::describe(reason));
    if (reason == d::InclusionReason::kRiskTreatment) {
      std::vector<std::string> risks;
      for (const d::SoaRisk& risk : r.risks)
        risks.push_back(risk.id + " " + risk.title + " (" + risk.treatment + ", " + risk.control +
                        ")");
      text += ": " + joined(risks);
    }
    parts.push_back(text);
  }
  if (!r.reason_note.empty()) parts.push_back(r.reason_note);
  return joined(parts);
}

std::string controls_text(const d::SoaRow& r) {
  std::vector<std::string> parts;
  for (const d::SoaControl& c : r.controls) {
    std::string state(d::to_string(c.state));
    std::replace(state.begin(), state.end(), '_', ' ');
    parts.push_back(c.id + " " + c.title + " (" + state + ")");
  }
  return joined(parts);
}

// The rows giving no reason, by ref (with the framework when there are several).
std::string refs_without_reason(const SoaView& v) {
  std::vector<std::string> refs;
  for (const d::SoaRow& r : v.rows)
    if (r.applicable && r.reasons.empty())
      refs.push_back(v.frameworks.size() > 1 ? r.framework + " " + r.ref : r.ref);
  return joined(refs, ", ");
}

std::string owners_text(const d::SoaRow& r) {
  std::vector<std::string> owners;
  for (const d::SoaControl& c : r.controls)
    if (!c.owner.empty() && std::find(owners.begin(), owners.end(), c.owner) == owners.end())
      owners.push_back(c.owner);
  return joined(owners, ", ");
}

std::string version_line(const SoaView& v) {
  if (v.is_approved)
    return "Version " + std::to_string(v.version) + ", approved by " + v.approved->approved_by +
           " on " + d::format_date(v.approved->approved_at);
  std::string line = "Version " + std::to_string(v.version) + " (draft, not approved)";
  if (v.approved)
    line += "; changed since version " + std::to_string(v.approved->version) + ", approved by " +
            v.approved->approved_by + " on " + d::format_date(v.approved->approved_at);
  return line;
}

std::string generated_line(const SoaView& v) {
  return "Implementation status and evidence as of " + d::format_datetime(v.generated_at) +
         "; statement sha256 " + v.statement_sha256;
}

}  // namespace

std::optional<SoaFormat> parse_soa_format(std::string_view s) {
  if (s == "csv") return SoaFormat::kCsv;
  if (s == "xlsx") return SoaFormat::kXlsx;
  if (s == "pdf") return SoaFormat::kPdf;
  return std::nullopt;
}

std::string_view soa_media_type(SoaFormat f) {
  switch (f) {
    case SoaFormat::kCsv:
      return "text/csv; charset=utf-8";
    case SoaFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case SoaFormat::kPdf:
      return "application/pdf";
  }
  return "application/octet-stream";
}

std::string soa_file_name(const SoaView& v, SoaFormat f) {
  const char* ext = f == SoaFormat::kCsv ? "csv" : f == SoaFormat::kXlsx ? "xlsx" : "pdf";
  return "soa-" + v.scope + "-v" + std::to_string(v.version) + (v.is_approved ? "" : "-draft") +
         "." + ext;
}

report::Table soa_table(const SoaView& v) {
  report::Table t;
  t.sheet_name = "Statement of Applicability";
  t.preamble = {"Statement of Applicability: " + v.title, version_line(v), generated_line(v)};
  t.headers = {"Framework",
               "Control",
               "Title",
               "Theme",
               "Applicable",
               "Inclusion reasons",
               "Exclusion justification",
               "Implementation",
               "Status detail",
               "Implemented by",
               "Owners",
               "Latest evidence",
               "Review by"};
  t.widths = {14, 9, 34, 22, 10, 46, 34, 16, 34, 40, 18, 18, 11};
  for (const d::SoaRow& r : v.rows)
    t.rows.push_back({r.framework, r.ref, r.title, r.theme, r.applicable ? "yes" : "no",
                      r.applicable ? reasons_text(r) : "", r.justification,
                      std::string(d::implementation_label(r)), r.status_reason, controls_text(r),
                      owners_text(r), r.latest_evidence ? d::format_date(*r.latest_evidence) : "",
                      r.review_by});
  return t;
}

report::Document soa_document(const SoaView& v) {
  report::Document doc;
  doc.landscape = true;
  doc.title = "Statement of Applicability";
  doc.subtitle = v.title + " · " + version_line(v);
  int applicable = 0, implemented = 0, partly = 0;
  for (const d::SoaRow& r : v.rows) {
    applicable += r.applicable;
    implemented += r.applicable && r.status == d::RequirementStatus::kMet;
    partly += r.applicable && r.status == d::RequirementStatus::kPartlyMet;
  }
  doc.paragraph(std::to_string(v.rows.size()) + " Annex A controls: " + std::to_string(applicable) +
                " applicable, " +
                std::to_string(v.rows.size() - static_cast<std::size_t>(applicable)) +
                " excluded. Of the applicable: " + std::to_string(implemented) + " implemented, " +
                std::to_string(partly) + " partly implemented, " +
                std::to_string(applicable - implemented - partly) + " not implemented. " +
                generated_line(v) + ".");
  if (!v.blocking.empty()) {
    doc.heading("Blocking approval");
    doc.bullets(v.blocking);
  }
  if (!v.without_reason.empty())
    doc.paragraph(
        std::to_string(v.without_reason.size()) +
        " applicable controls give no reason for their inclusion: " + refs_without_reason(v) + ".");
  std::string theme;
  std::vector<std::vector<std::string>> rows;
  auto flush = [&] {
    if (rows.empty()) return;
    doc.heading(theme, 3);
    doc.table({"Control", "Applicable", "Reasons for inclusion, or justification of exclusion",
               "Implementation", "Implemented by", "Owners", "Latest evidence", "Review by"},
              std::move(rows));
    rows.clear();
  };
  std::string framework;
  for (const d::SoaRow& r : v.rows) {
    if (r.framework != framework) {
      flush();
      framework = r.framework;
      if (v.frameworks.size() > 1) doc.heading(framework);
    }
    if (r.theme != theme) {
      flush();
      theme = r.theme;
    }
    rows.push_back({r.ref + " " + r.title, r.applicable ? "yes" : "no",
                    r.applicable ? reasons_text(r) : r.justification,
                    std::string(d::implementation_label(r)), controls_text(r), owners_text(r),
                    r.latest_evidence ? d::format_date(*r.latest_evidence) : "", r.review_by});
  }
  flush();
  return doc;
}

Status write_soa(const SoaView& v, SoaFormat f, const std::string& path) {
  switch (f) {
    case SoaFormat::kCsv:
      return write_file_atomically(path, report::to_csv(soa_table(v)));
    case SoaFormat::kXlsx:
      return report::write_xlsx(soa_table(v), path);
    case SoaFormat::kPdf:
      return report::write_pdf(soa_document(v), path);
  }
  return Status::InvalidInput("unknown format");
}

Result<std::string> soa_bytes(const SoaView& v, SoaFormat f, const std::string& scratch_dir) {
  if (f == SoaFormat::kCsv) return report::to_csv(soa_table(v));
  if (f == SoaFormat::kPdf) return report::pdf_bytes(soa_document(v));
  auto temp = TempFile::create(scratch_dir);
  if (!temp.ok()) return temp.status();
  CW_RETURN_IF_ERROR(report::write_xlsx(soa_table(v), temp->path()));
  std::ifstream in(temp->path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return Status::IoError(temp->path() + ": cannot read the workbook back");
  return bytes.str();
}

}  // namespace crosswalk::service
