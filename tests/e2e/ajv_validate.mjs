// Every file of the given KBs against its JSON Schema with Ajv in strict mode (draft-07, the
// standard formats of ajv-formats), YAML read as YAML 1.2 (js-yaml):
//   node tests/e2e/ajv_validate.mjs SCHEMAS_DIR KB_DIR [KB_DIR ...]
// (`ajv compile --strict=true` from ajv-cli compiles the schemas themselves first.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, basename } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.cwd(), "target/ci/node/"));
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;
const yaml = require("js-yaml");

const [schemasDir, ...kbs] = process.argv.slice(2);
const ajv = new Ajv({ strict: true, allErrors: true });
addFormats(ajv);
const validators = {};
for (const file of readdirSync(schemasDir)) {
  validators[file.replace(".schema.json", "")] = ajv.compile(
    JSON.parse(readFileSync(join(schemasDir, file), "utf8")),
  );
}
const schemaFor = (name) => {
  if (name === "glossary.yaml") return "glossary";
  if (name === "kb.yaml") return "kb";
  if (name.startsWith("kb.")) return "kb-translation";
  if (name === "topic.yaml") return "topic";
  if (name.startsWith("topic.")) return "topic-translation";
  return name.split(".").length === 2 ? "entry" : "translation";
};
let checked = 0;
const failures = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "templates" && !name.startsWith(".")) walk(path);
    } else if (name.endsWith(".yaml")) {
      const validate = validators[schemaFor(basename(path))];
      if (!validate(yaml.load(readFileSync(path, "utf8")))) {
        failures.push(`${path}: ${ajv.errorsText(validate.errors)}`);
      }
      checked += 1;
    }
  }
};
kbs.forEach(walk);
console.log(`ajv (strict): ${checked} KB files valid against their schemas in ${kbs.length} KBs`);
if (failures.length) {
  console.error(failures.slice(0, 20).join("\n"));
  process.exit(1);
}
