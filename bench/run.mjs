#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs in turn (or the ones named on the command line) and prints its table.
// Benchmarks report medians of several runs next to a baseline measured in the same run; they are not tests.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).filter((f) => !only.length || only.some((o) => f.includes(o))).sort();
for (const f of files) {
  console.log(`\n## ${f}\n`);
  const mod = await import(pathToFileURL(join(here, f)).href);
  await mod.default();
}
