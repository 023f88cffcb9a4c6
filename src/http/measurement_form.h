// A measurement sent as multipart/form-data (POST /api/v1/measurements and the web form): the
// fields mirror `crosswalk ai measure`'s options, the CSV files are file parts.
//   kind: fairness | quality | drift; subject; control (repeatable); freshness_days; valid_days
//   fairness: file `log`; label, prediction, score, threshold, sensitive (comma-separated or
//     repeated), weight, positive, favourable, reference (ATTRIBUTE=VALUE, repeatable),
//     min_group_size, max_dp_difference, min_dp_ratio, max_eo_difference, min_eo_ratio,
//     max_eop_difference, min_disparate_impact (a number or "none"), fairlearn_compatible
//   quality: file `data`; and for fairness too: range (COLUMN=MIN:MAX, repeatable), missing
//     (repeatable), count_duplicates (default true), max_missing_rate, max_duplicate_rate
//   drift: files `reference` and `current`; columns, categorical (comma-separated), bins,
//     epsilon, psi_moderate, psi_major, js, ks_p, ks_d, drift_share
#pragma once

#include "common/status.h"
#include "http/multipart.h"
#include "service/measurement_runs.h"
#include "service/measurements.h"

namespace crosswalk::http {

// Runs the measurement the form describes, ready for service::record_measurement (subject,
// controls and freshness set). When the subject is an AI system of the register, its limits
// are the defaults the form's own limits override. InvalidInput names the field, or the file,
// column and row.
Result<service::MeasurementRequest> measurement_from_form(service::Workspace& ws,
                                                          const MultipartForm& form,
                                                          const std::string& temp_dir);

}  // namespace crosswalk::http
