// Validates documents with ajv (JSON Schema draft 2020-12, strict mode, ajv-formats), the
// validator a developer at a ministry is likely to run on the published schemas.
//
// Usage: node ajv-check.mjs <node_modules> <schema-dir>
// Reads a JSON list of {"schema": "<name>", "document": <value>} on standard input and writes
// a JSON list of verdicts (true when valid), in order. Exits 2 when a schema does not compile
// in strict mode (the error says why), so a keyword strict validators refuse fails the test.
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const [modules, schemaDir] = process.argv.slice(2);
const require = createRequire(join(resolve(modules), "noop.js"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

// Strict in every respect; union types (`["string", "null"]`) are standard JSON Schema.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
const validators = {};
for (const file of readdirSync(schemaDir).filter((f) => f.endsWith(".schema.json"))) {
  const name = file.replace(/\.schema\.json$/, "");
  try {
    validators[name] = ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), "utf8")));
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    process.exit(2);
  }
}
const requests = JSON.parse(readFileSync(0, "utf8"));
const verdicts = requests.map(({ schema, document }) => {
  const validate = validators[schema];
  if (!validate) {
    console.error(`no schema named ${schema}`);
    process.exit(2);
  }
  return validate(document);
});
process.stdout.write(JSON.stringify(verdicts));
