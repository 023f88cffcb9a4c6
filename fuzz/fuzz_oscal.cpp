// libFuzzer target: the OSCAL reader on arbitrary bytes (docs/fuzzing.md). Every input is read as
// a catalog and resolved as a profile (its imports resolve to the input itself or to a small
// catalog), and what reads is written back out and read again. Any exception escaping the reader
// is a crash: uploads reach this code. Invariants: an exported catalog reads back with the same
// requirements, and every requirement ref survives the OSCAL id encoding.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "oscal/catalog_reader.h"
#include "oscal/catalog_writer.h"
#include "oscal/ids.h"
#include "oscal/profile_resolver.h"

namespace {

using nlohmann::json;
namespace o = crosswalk::oscal;

const json& small_catalog() {
  static const json doc = json::parse(R"({"catalog": {
    "uuid": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
    "metadata": {"title": "T", "last-modified": "2026-01-15T10:00:00Z", "version": "1",
                 "oscal-version": "1.2.1"},
    "groups": [{"id": "g", "title": "G", "controls": [
      {"id": "c-1", "title": "One", "params": [{"id": "c-1_prm_1", "label": "x"}],
       "parts": [{"id": "c-1_smt", "name": "statement", "prose": "{{ insert: param, c-1_prm_1 }}"}],
       "controls": [{"id": "c-1.1", "title": "More"}]}]}]}})");
  return doc;
}

void check_round_trip(const o::ImportedFramework& read) {
  for (const auto& r : read.framework.requirements())
    if (o::decode_id(o::encode_id(r.ref)) != r.ref) std::abort();
  o::KeptOscal kept{read.document_oscal, read.group_oscal, read.requirement_oscal};
  crosswalk::domain::Framework fw = read.framework;
  fw.origin = "{}";
  const json again = json::parse(o::write_catalog(fw, kept, 0).dump());
  auto back = o::read_catalog(again, {fw.id, fw.name});
  if (!back.ok() || back->framework.requirements().size() != fw.requirements().size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const json doc = json::parse(data, data + size, nullptr, false);
  if (doc.is_discarded()) return 0;
  auto read = o::read_catalog(doc, {"fuzz", ""});
  if (read.ok()) check_round_trip(read.value());
  const json& input = doc;
  auto loader = [&input](const std::string& href,
                         const std::string&) -> crosswalk::Result<o::LoadedDocument> {
    if (href == "self.json") return o::LoadedDocument{input, "self.json"};
    return o::LoadedDocument{small_catalog(), "small.json"};
  };
  auto resolved = o::resolve_profile(doc, "input.json", loader);
  if (resolved.ok()) {
    auto framework = o::read_catalog(resolved.value(), {"fuzz", ""});
    if (framework.ok()) check_round_trip(framework.value());
  }
  return 0;
}
