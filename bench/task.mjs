// One measured task in a fresh process. Prints one JSON line: wall time of the task (ms) and peak RSS (MB).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parse } from 'yaml';

const [task, catalog] = process.argv.slice(2);
const lib = await import(new URL('../dist/index.js', import.meta.url).href);
function readAll(parseText) {
  for (const dir of ['papers', 'resources']) {
    let names = [];
    try { names = readdirSync(join(catalog, dir)); } catch { continue; }
    for (const n of names) if (n.endsWith('.yaml')) parseText(readFileSync(join(catalog, dir, n), 'utf8'));
  }
}

const tasks = {
  /** The floor: read every file and parse its YAML with the fastest parser papershelf uses (js-yaml), nothing else. */
  floor() {
    readAll((text) => load(text, { schema: CORE_SCHEMA }));
  },
  /** The same with eemeli/yaml, the parser that keeps positions (used for files with problems, and for writing). */
  'floor-exact'() {
    readAll((text) => parse(text));
  },
  check() {
    const r = lib.check({ catalog });
    if (r.errors) throw new Error(`${r.errors} errors: ${JSON.stringify(r.problems.slice(0, 3))}`);
  },
  async build() {
    await lib.build({ catalog });
  },
  async 'check+build'() {
    tasks.check();
    await tasks.build();
  },
};
const t0 = performance.now();
await tasks[task]();
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024 }));
