// Validates Kubernetes manifests against the Kubernetes API as kubernetes-models bundles it, so CI needs no cluster
// and no schema download. Two checks per document, because neither catches everything alone:
//  1. the package's JSON-schema validator: types, required fields, enums and formats (a string replicas, a port list);
//  2. its TypeScript types, by type-checking the document as an object literal: TypeScript rejects properties that
//     the type does not declare, which the OpenAPI schemas allow (a misspelt terminationGracePeriodSeconds).
// A document whose apiVersion/kind the package does not know fails too.
// Usage: node validate.mjs FILE_OR_DIR...   Exit 0 when every document is valid, 1 otherwise.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

function yamlFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort()
    .map((name) => join(path, name));
}

// apps/v1 + StatefulSet -> kubernetes-models/apps/v1/StatefulSet; the core group's v1 -> kubernetes-models/v1/...
function modulePath(object) {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9./-]+$/.test(apiVersion + kind)) {
    throw new Error(`apiVersion and kind must be set (got ${JSON.stringify(apiVersion)}, ${JSON.stringify(kind)})`);
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const documents = [];
const errors = [];
for (const file of process.argv.slice(2).flatMap(yamlFiles)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      documents.push(null);
      errors.push(`${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const where = `${file}: ${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    try {
      const path = modulePath(object);
      let Model;
      try {
        Model = (await import(path))[object.kind];
      } catch {
        throw new Error(`unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
      }
      new Model(object).validate();
      documents.push({ where, path, object });
    } catch (e) {
      documents.push(null);
      errors.push(`${where}: ${e.message}`);
    }
  }
}

// The documents that passed the schemas, as typed constants in one module; each one's lines map back to it.
const valid = documents.filter((d) => d !== null);
if (valid.length > 0) {
  const lines = [];
  const owner = [];
  valid.forEach((d, i) => {
    lines.push(`import type { I${d.object.kind} as T${i} } from ${JSON.stringify(d.path)};`);
    owner.push(null);
  });
  valid.forEach((d, i) => {
    for (const line of `export const doc${i}: T${i} = ${JSON.stringify(d.object, null, 2)};`.split("\n")) {
      lines.push(line);
      owner.push(d);
    }
  });
  const dir = mkdtempSync(join(here, ".check-"));
  try {
    const source = join(dir, "manifests.mts");
    writeFileSync(source, lines.join("\n") + "\n");
    const program = ts.createProgram([source], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
    });
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      let d = null;
      if (diagnostic.file && diagnostic.start !== undefined) {
        d = owner[diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line];
      }
      if (d) {
        const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        errors.push(`${d.where}: ${lines[at.line].trim()} ${message}`);
        if (documents.includes(d)) documents[documents.indexOf(d)] = null;
      } else {
        errors.push(`type check: ${message}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const error of errors) console.log(error);
const bad = documents.filter((d) => d === null).length;
console.log(`kubernetes manifests: ${documents.length - bad} valid, ${bad} invalid`);
process.exit(errors.length === 0 && documents.length > 0 ? 0 : 1);
