// The Statement of Applicability as the files auditors receive: CSV and XLSX (one row per
// Annex A control) and a landscape PDF document grouped by theme, with the version and approval.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/document.h"
#include "report/table.h"
#include "service/soa.h"

namespace crosswalk::service {

enum class SoaFormat { kCsv, kXlsx, kPdf };
// "csv", "xlsx", "pdf".
std::optional<SoaFormat> parse_soa_format(std::string_view s);
std::string_view soa_media_type(SoaFormat f);
// "soa-iso27001-2022-v3.xlsx", "soa-combined-v2-draft.pdf".
std::string soa_file_name(const SoaView& v, SoaFormat f);

report::Table soa_table(const SoaView& v);
report::Document soa_document(const SoaView& v);

// Written to a temporary file beside `path` and renamed over it (nothing half-written).
Status write_soa(const SoaView& v, SoaFormat f, const std::string& path);
// The file's bytes, for a download; `scratch_dir` holds the workbook while it is made.
Result<std::string> soa_bytes(const SoaView& v, SoaFormat f, const std::string& scratch_dir);

}  // namespace crosswalk::service
