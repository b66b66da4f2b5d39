#!/usr/bin/env node
// Turns CustomResourceDefinitions into JSON schemas named as kubeconform looks them up:
// <kind>-<group prefix>-<version>.json. Objects that list their properties are closed
// (additionalProperties: false), so that a misspelt field is an error, as in kubeconform's -strict.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const [crdDir, outDir] = process.argv.slice(2);
if (!crdDir || !outDir) {
  console.error('usage: crd-to-json-schema.mjs <crd folder> <output folder>');
  process.exit(2);
}

const close = (schema) => {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(close);
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, close(v)]));
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
};

mkdirSync(outDir, { recursive: true });
let written = 0;
for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml'))) {
  for (const doc of parseAllDocuments(readFileSync(join(crdDir, file), 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const group = crd.spec.group.split('.')[0];
    for (const version of crd.spec.versions) {
      const schema = version.schema?.openAPIV3Schema;
      if (!schema) continue;
      const name = `${crd.spec.names.kind.toLowerCase()}-${group}-${version.name}.json`;
      writeFileSync(join(outDir, name), JSON.stringify(close(schema), null, 1));
      written++;
    }
  }
}
console.error(`[schemas] ${written} Dapr schemas written to ${outDir}`);
