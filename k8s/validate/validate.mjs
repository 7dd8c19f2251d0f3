#!/usr/bin/env node
// Validates Kubernetes manifests strictly: kubernetes-models' schemas (types, enums, required fields) and no
// field those schemas do not know. Usage: node validate.mjs FILE.yaml... (or YAML on stdin, e.g.
// kubectl kustomize k8s/overlays/production | node k8s/validate/validate.mjs). Prints one line per problem;
// exits 0 when every document is valid, 1 when one is not, 2 when the input cannot be read as YAML.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { checkDocument } from "./check-document.mjs";

const sources = process.argv.length > 2 ? process.argv.slice(2) : ["-"];
let problems = 0;
let documents = 0;
for (const source of sources) {
  const text = readFileSync(source === "-" ? 0 : source, "utf8");
  for (const [index, parsed] of parseAllDocuments(text).entries()) {
    if (parsed.errors.length > 0) {
      console.error(`${source}: document ${index + 1}: not YAML: ${parsed.errors[0].message}`);
      process.exit(2);
    }
    const doc = parsed.toJS();
    if (doc === null) {
      continue; // an empty document (a trailing ---)
    }
    documents++;
    const where = `${source}: ${doc?.kind ?? "?"}/${doc?.metadata?.name ?? "?"}`;
    for (const message of await checkDocument(doc)) {
      console.log(`${where}: ${message}`);
      problems++;
    }
  }
}
console.log(problems === 0 ? `${documents} documents valid` : `${problems} problems in ${documents} documents`);
process.exit(problems === 0 ? 0 : 1);
