// Issue 5: what the feeds+exports and bibtex writers add to `build --out` on a synthetic catalog of 10k papers — rendering
// every whole-catalog export (BibTeX, RIS, CSL-JSON, CSV, JSON), the JSON Schemas and every feed (all, each
// category, each tag × Atom, RSS, JSON Feed), then writing them to disk as build does. Target: ≤ 1 s.
// Each run is a fresh process (this file run with --task); the catalog is loaded before the clock starts.
// Measured twice: the writer alone on one thread, and what it adds to a whole `build --out` (where it runs on
// build's worker thread beside the pages).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, OUT, ROOT, syntheticCatalog, table } from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);

async function task(catalogDir) {
  const { loadCatalog } = await import(pathToFileURL(join(ROOT, 'dist', 'catalog', 'load.js')).href);
  const { writeBibtexExport, writeFeedsAndExports } = await import(pathToFileURL(join(ROOT, 'dist', 'commands', 'export.js')).href);
  const t = performance.now();
  const catalog = loadCatalog(catalogDir);
  const loadMs = performance.now() - t;
  const out = join(OUT, `exports-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // papers.bib has a writer of its own (it shares its entries with the paper pages); both together are the exports.
  const ctx = { catalog, base: '/', siteUrl: 'https://example.org/', now: new Date() };
  const files = new Map([...(await writeBibtexExport(ctx)), ...writeFeedsAndExports(ctx)]);
  const t1 = performance.now();
  let bytes = 0;
  for (const [rel, content] of files) {
    const path = join(out, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    bytes += Buffer.byteLength(content);
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  rmSync(out, { recursive: true, force: true });
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, loadMs, renderMs: t1 - t0, writeMs: t2 - t1, files: files.size, mb: bytes / 2 ** 20, papers: catalog.papers.length, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

/** `build --out` (every output writer) with or without the feeds+exports and bibtex writers, the catalog loaded before the clock. */
async function buildTask(catalogDir, withExports) {
  const { loadCatalog } = await import(pathToFileURL(join(ROOT, 'dist', 'catalog', 'load.js')).href);
  const { writeOutputs } = await import(pathToFileURL(join(ROOT, 'dist', 'commands', 'write-outputs.js')).href);
  const { OUTPUT_WRITERS } = await import(pathToFileURL(join(ROOT, 'dist', 'commands', 'outputs.js')).href);
  if (!withExports) for (const name of ['feeds+exports', 'bibtex']) OUTPUT_WRITERS.splice(OUTPUT_WRITERS.findIndex((w) => w.name === name), 1);
  const catalog = loadCatalog(catalogDir);
  const out = join(OUT, `exports-build-${process.pid}`);
  const t0 = performance.now();
  await writeOutputs(catalog, { out, now: new Date('2026-06-01') });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, out }));
}

export default async function () {
  const rows = [];
  for (const n of [1000, 10000]) {
    const catalog = await syntheticCatalog(n);
    const run = () => {
      const r = spawnSync(process.execPath, ['--max-old-space-size=4096', SELF, '--task', catalog], { encoding: 'utf8', maxBuffer: 16 << 20 });
      if (r.status !== 0) throw new Error(`exports task failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').at(-1));
    };
    run(); // warm-up: file cache
    const samples = Array.from({ length: 5 }, run);
    rows.push({
      papers: samples[0].papers,
      files: samples[0].files,
      MB: samples[0].mb.toFixed(1),
      'render ms': median(samples.map((s) => s.renderMs)).toFixed(0),
      'write ms': median(samples.map((s) => s.writeMs)).toFixed(0),
      'added to build ms': median(samples.map((s) => s.renderMs + s.writeMs)).toFixed(0),
      'added, CPU ms': median(samples.map((s) => s.cpuMs)).toFixed(0),
      'baseline: load catalog ms': median(samples.map((s) => s.loadMs)).toFixed(0),
      'peak RSS MB': Math.max(...samples.map((s) => s.rssMB)).toFixed(0),
    });
  }
  table(rows, Object.keys(rows[0]));
  // What the writer adds to a real `build --out` (site, search index, feeds, exports; the last two on build's worker
  // thread): the same build with and without it, interleaved, each in a fresh process.
  const catalog = await syntheticCatalog(10000);
  const timeBuild = (withExports) => {
    const r = spawnSync(process.execPath, [SELF, '--build-task', catalog, withExports ? '1' : '0'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (r.status !== 0) throw new Error(`build task failed: ${r.stderr}`);
    const { ms, out } = JSON.parse(r.stdout.trim().split('\n').at(-1));
    rmSync(out, { recursive: true, force: true });
    return ms;
  };
  timeBuild(true);
  const withMs = [];
  const withoutMs = [];
  for (let i = 0; i < 5; i++) (withMs.push(timeBuild(true)), withoutMs.push(timeBuild(false)));
  console.log('');
  table([{ papers: 10000, 'build --out outputs, all writers ms': median(withMs).toFixed(0), 'without feeds+exports, bibtex ms': median(withoutMs).toFixed(0), 'added ms': (median(withMs) - median(withoutMs)).toFixed(0) }], ['papers', 'build --out outputs, all writers ms', 'without feeds+exports, bibtex ms', 'added ms']);
  console.log('\nmedian of 5 runs, each in a fresh process after one warm-up; the catalog is loaded before timing (its load time, which build pays anyway, is the baseline). Target at 10k: added ≤ 1000 ms.\nCPU ms is the process\'s user+system time over the same span: less sensitive than wall time to other load on the machine (it includes V8\'s parallel GC threads).');
}

if (process.argv[1] === SELF && process.argv[2] === '--task') await task(process.argv[3]);
if (process.argv[1] === SELF && process.argv[2] === '--build-task') await buildTask(process.argv[3], process.argv[4] === '1');
