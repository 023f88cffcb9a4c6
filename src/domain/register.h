// The registers of the management system (risks, assets, AI systems, impact assessments,
// life-cycle events, suppliers, risk matrices) described as data: each kind is a list of typed
// fields. One description drives validation, storage, the CLI's flags, the API and the forms.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/access.h"

namespace crosswalk::domain {

enum class FieldType {
  kText,      // one line
  kLongText,  // paragraphs
  kDate,      // YYYY-MM-DD
  kInteger,
  kChoice,   // one of `options`
  kChoices,  // several of `options`
  kList,     // several lines of free text
  kLink,     // the id of one entry of `target`
  kLinks,    // ids of entries of `target`
};

struct FieldSpec {
  std::string name;  // snake_case; the CLI flag is --name-with-dashes
  std::string label;
  FieldType type = FieldType::kText;
  bool required = false;
  std::vector<std::string> options;  // kChoice, kChoices
  // kLink, kLinks: a register kind, or "control", "evidence", "measurement", "framework", or
  // "requirement" (FRAMEWORK:REF, e.g. iso27001-2022:A.5.24)
  std::string target;
  int min = 0, max = 0;  // kInteger bounds when max > min
  std::string help;
};

struct RegisterKind {
  std::string kind;  // risk, asset, ai_system, …
  std::string label, plural;
  std::string id_prefix;  // ids are assigned as PREFIX-N
  std::string title_field;
  // Entries are records of something that happened (life-cycle events): never edited or removed.
  bool append_only = false;
  std::vector<FieldSpec> fields;
  // What a caller's role must allow to add or change an entry: auditors raise findings and
  // record audit checks, which nobody else without kRaiseFinding may write.
  Action write_action = Action::kEditRegisters;

  const FieldSpec* field(std::string_view name) const;
  // The label inside a sentence: "risk", "impact assessment", but "AI system".
  std::string label_in_sentence() const;
};

// Every field's values as text; a single-valued field has at most one. Absent means empty.
using FieldValues = std::map<std::string, std::vector<std::string>>;

const std::vector<RegisterKind>& register_kinds();
const RegisterKind* find_register_kind(std::string_view kind);

// Checks `input` against the kind: unknown fields, types, options, bounds, required fields.
// Values are trimmed, empty ones dropped, choices lower-cased; the first problem is returned as
// InvalidInput naming the field.
Result<FieldValues> normalize_fields(const RegisterKind& kind, const FieldValues& input);

// The single value of a field, or "".
const std::string& field_text(const FieldValues& values, const std::string& name);
const std::vector<std::string>& field_list(const FieldValues& values, const std::string& name);

}  // namespace crosswalk::domain
