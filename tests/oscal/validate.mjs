// Validates OSCAL JSON documents against NIST's schemas (one per model, chosen by the document's
// root key) with ajv 8 and ajv-formats, as ../shared/reference/oscal.md recommends.
//   node validate.mjs SCHEMA_DIR FILE...
// Prints "ok FILE (model)" or every error with its JSON path; exits 1 if any file is invalid.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const schemaFile = {
  "catalog": "oscal_catalog_schema.json",
  "profile": "oscal_profile_schema.json",
  "mapping-collection": "oscal_mapping_schema.json",
  "component-definition": "oscal_component_schema.json",
  "system-security-plan": "oscal_ssp_schema.json",
  "assessment-plan": "oscal_assessment-plan_schema.json",
  "assessment-results": "oscal_assessment-results_schema.json",
  "plan-of-action-and-milestones": "oscal_poam_schema.json",
};

const [schemaDir, ...files] = process.argv.slice(2);
if (!schemaDir || files.length === 0) {
  console.error("usage: node validate.mjs SCHEMA_DIR FILE...");
  process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map();
let failed = 0;
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const model = Object.keys(doc).find((k) => k !== "$schema");
  if (!schemaFile[model]) {
    console.log(`INVALID ${file}: root '${model}' is not an OSCAL model`);
    failed++;
    continue;
  }
  if (!compiled.has(model))
    compiled.set(model, ajv.compile(JSON.parse(readFileSync(`${schemaDir}/${schemaFile[model]}`, "utf8"))));
  const validate = compiled.get(model);
  if (validate(doc)) {
    console.log(`ok ${file} (${model})`);
    continue;
  }
  failed++;
  console.log(`INVALID ${file} (${model}):`);
  // anyOf branches repeat one problem many times: show each path and message once.
  const seen = new Set();
  for (const e of validate.errors) {
    const line = `  ${e.instancePath || "/"}: ${e.message}${e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`;
    if (!seen.has(line)) seen.add(line), console.log(line);
    if (seen.size >= 40) break;
  }
}
process.exit(failed ? 1 : 0);
