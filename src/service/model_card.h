// A model-card-style document of one AI system at one model version, for interested parties
// (ISO 42001 A.6.2.7 technical documentation, A.8.2 information for users): intended use, data,
// evaluation results from recorded measurements, the life-cycle record (who trained, validated
// and approved it), impact assessments, risks and limitations, and human oversight.
#pragma once

#include <string>

#include "common/status.h"
#include "domain/time.h"
#include "report/document.h"
#include "service/workspace.h"

namespace crosswalk::service {

// NotFound if the system does not exist; a version with no life-cycle event is documented, and
// says so. Rendered by report::to_markdown or report::write_pdf.
Result<report::Document> model_card(Workspace& ws, const std::string& system_id,
                                    const std::string& model_version, domain::Timestamp now);
// The card as Markdown.
Result<std::string> model_card_markdown(Workspace& ws, const std::string& system_id,
                                        const std::string& model_version, domain::Timestamp now);

}  // namespace crosswalk::service
