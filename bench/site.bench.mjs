// Issue 3: the website. On synthetic catalogs of 1k, 10k and 100k papers:
//  1. site build time and peak memory (`build --out` in a fresh process; targets 10k ≤ 5 s, 100k ≤ 60 s, ≤ 1.5 GB),
//     beside the disk floor (the same files written with no rendering);
//  2. bytes of HTML / JS / CSS / index per page type (raw and gzip);
//  3. search in headless Chromium, served gzipped by papershelf's own server: bytes transferred before the first
//     result is shown (target ≤ 300 KB at 10k) and query latency p50/p95 of the engine and of the whole page
//     (target p95 ≤ 10 ms at 10k), after the shards of the query set are loaded;
//  4. with SITE_ENGINES_DIR=<folder with node_modules/{minisearch,flexsearch,@orama/orama}>, the library
//     comparison behind the choice of MiniSearch (DESIGN.md): each library with one whole index, as their docs
//     show, at 1k and 10k papers.
// Run: npx tsc -p tsconfig.json && node bench/run.mjs site
// (SITE_BENCH_OUT=/dev/shm SITE_BENCH_BUILD_ONLY=1 measures only the builds, written to a memory file system;
// SITE_BENCH_KEEP=1 leaves each run's sites in a folder of their own, see sitesRoot.)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { median, OUT, ROOT, syntheticCatalog, table } from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SIZES = (process.env.SITE_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const dist = (p) => pathToFileURL(join(ROOT, 'dist', p)).href;

/** Queries over the synthetic vocabulary (bench/lib.mjs): words, two words, prefixes, typos, Chinese, names. */
const QUERIES = ['attention', 'reasoning model', 'sparse expert', 'long context', 'quant', 'spec', 'agent tool', 'atention', 'reinforcment', 'alignmnt', '推理', '量化', '注意力', 'garcia', 'wang kim', 'benchmark evaluation', 'cache', 'jailbreak safety', 'kernel', 'retrieval'];

// ---------------------------------------------------------------------------------------------- child process
if (process.argv[2] === '--task') {
  const [, , , task, catalogDir, out, sizesFile] = process.argv;
  if (task === 'build') {
    // `papershelf build --out` as the CLI runs it: load, the Markdown list, then every output writer (site pages,
    // search index, feeds, exports; from 2,000 papers on two threads, see write-outputs.ts), to a fresh folder.
    const { build } = await import(dist('commands/build.js'));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await build({ catalog: catalogDir, out, now: new Date('2026-06-01') });
    const cpu = process.cpuUsage(cpu0);
    const files = Object.values(r.outputs).reduce((a, b) => a + b, 0);
    console.log(JSON.stringify({ buildMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, sysMs: cpu.system / 1000, files, rssMB: process.resourceUsage().maxRSS / 1024 }));
  }
  if (task === 'disk-floor') {
    // The same number of files of the same sizes, written with no rendering at all: what the disk alone costs.
    const sizes = JSON.parse(readFileSync(sizesFile, 'utf8'));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const dirs = new Set();
    for (const [rel, size] of sizes) {
      const path = join(out, rel);
      const dir = dirname(path);
      if (!dirs.has(dir)) (mkdirSync(dir, { recursive: true }), dirs.add(dir));
      writeFileSync(path, Buffer.alloc(size, 97));
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ buildMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, sysMs: cpu.system / 1000, files: sizes.length, rssMB: process.resourceUsage().maxRSS / 1024 }));
  }
  process.exit(0);
}

function runTask(...args) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', SELF, '--task', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const kb = (n) => (n / 1024).toFixed(1);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

// ---------------------------------------------------------------------------------------------- helpers
async function serveDir(root) {
  const { createStaticHandler } = await import(dist('server/static.js'));
  const server = createServer(createStaticHandler({ root }));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}

function fileSizes(dir, match) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (match(p.slice(dir.length + 1))) {
        const buf = readFileSync(p);
        out.push({ path: p.slice(dir.length + 1), raw: buf.length, gz: gzipSync(buf).length });
      }
    }
  };
  walk(dir);
  return out;
}

// ---------------------------------------------------------------------------------------------- 1. build
/** Every file of a built site with its size, for the disk floor. */
function sizesOf(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath ?? e.path, e.name);
      return [path.slice(dir.length + 1), statSync(path).size];
    });
}

async function buildTimes() {
  const rows = [];
  const outs = {};
  const root = sitesRoot();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  // Each run writes a new folder and nothing is deleted until the end: on this machine's ext4 (no journal), files
  // created soon after many deletions cost several times more (the allocator skips recently deleted inodes).
  let k = 0;
  const fresh = (what) => join(root, `${what}-${k++}`);
  for (const n of SIZES) {
    const catalog = await syntheticCatalog(n);
    const runs = n >= 100000 ? 1 : 5;
    const builds = [];
    const floors = [];
    let sizesFile;
    for (let i = 0; i < runs; i++) {
      const out = fresh(`site-${n}`);
      const t = performance.now();
      builds.push({ ...runTask('build', catalog, out), wallMs: performance.now() - t });
      outs[n] = out;
      if (!sizesFile) writeFileSync((sizesFile = join(root, `sizes-${n}.json`)), JSON.stringify(sizesOf(out)));
      floors.push(runTask('disk-floor', catalog, fresh(`floor-${n}`), sizesFile));
    }
    const bytes = JSON.parse(readFileSync(sizesFile, 'utf8')).reduce((a, [, size]) => a + size, 0);
    const med = (xs, f) => median(xs.map(f)).toFixed(0);
    rows.push({
      papers: n,
      'build --out ms': med(builds, (s) => s.buildMs),
      'whole command ms': med(builds, (s) => s.wallMs),
      'CPU ms (all threads)': med(builds, (s) => s.cpuMs),
      'of which kernel ms': med(builds, (s) => s.sysMs),
      'disk floor ms': med(floors, (s) => s.buildMs),
      files: builds[0].files,
      MB: (bytes / 1e6).toFixed(0),
      'peak RSS MB': Math.max(...builds.map((s) => s.rssMB)).toFixed(0),
    });
  }
  console.log('### Site build\n');
  table(rows, Object.keys(rows[0]));
  console.log(`\nmedian of 5 runs (1 at 100k), each in a fresh process, written to ${root}. "build --out" is papershelf's build() as the CLI calls it: load its modules and the catalog (from 2,000 papers on two threads), render the Markdown list, then every output written to a new folder (search index, feeds and exports on a helper thread, then paper, category and tag pages shared by both threads); "whole command" adds Node's start-up. "disk floor" writes the same files (same count, folders and sizes) with no rendering, in the same run: what this disk alone costs.\n`);
  return outs;
}

// ---------------------------------------------------------------------------------------------- 2. bytes
function bytesPerType(out) {
  const html = (re) => fileSizes(out, (p) => re.test(p));
  const med = (files) => files.sort((a, b) => a.raw - b.raw)[Math.floor(files.length / 2)];
  const max = (files) => files.sort((a, b) => b.raw - a.raw)[0];
  const sum = (files) => files.reduce((a, f) => ({ raw: a.raw + f.raw, gz: a.gz + f.gz }), { raw: 0, gz: 0 });
  const rows = [];
  const add = (what, f) => f && rows.push({ what, 'raw KB': kb(f.raw), 'gzip KB': kb(f.gz) });
  add('home page HTML', html(/^index\.html$/)[0]);
  add('category page HTML (largest)', max(html(/^categories\/[^/]+\/index\.html$/)));
  add('paper page HTML (median)', med(html(/^papers\/[^/]+\.html$/)));
  add('search page HTML', html(/^search\/index\.html$/)[0]);
  add('CSS', html(/^assets\/.*\.css$/)[0]);
  add('JS: app + search UI + engine', sum(html(/^assets\/.*\/(app|search|engine|state|format|tokenize)\.js$/)));
  add('JS: MiniSearch SearchableMap', html(/^assets\/.*searchable-map\.js$/)[0]);
  add('index: meta.json', html(/^search-data\/.*\/meta\.json$/)[0]);
  add('index: shard (median)', med(html(/^search-data\/.*\/t\//)));
  add('index: shard (largest)', max(html(/^search-data\/.*\/t\//)));
  add('index: rows file (median)', med(html(/^search-data\/.*\/r\//)));
  add('index: all files', sum(html(/^search-data\//)));
  return rows;
}

// ---------------------------------------------------------------------------------------------- 3. Chromium
async function searchInBrowser(browser, out) {
  const srv = await serveDir(out);
  try {
    // Bytes transferred before the first result, from an empty cache, for a few typical queries.
    const transfers = [];
    for (const q of ['attention', 'reasoning model', '推理', 'atention']) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${srv.url}search/?q=${encodeURIComponent(q)}`);
      await page.waitForSelector('#results[data-ready] .item', { timeout: 60000 });
      transfers.push(await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((a, e) => a + e.transferSize, 0)));
      await ctx.close();
    }
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${srv.url}search/`);
    await page.waitForSelector('#results[data-ready] .item', { timeout: 60000 });
    const assets = await page.evaluate(() => document.querySelector('script[type=module]').src.replace(/app\.js$/, ''));
    const index = await page.evaluate(() => new URL(document.getElementById('search-app').dataset.index, location.href).href);
    // The engine alone: query → ranked paper numbers (what the budget is about).
    const engine = await page.evaluate(
      async ({ assets, index, queries }) => {
        const { Engine } = await import(assets + 'engine.js');
        const { default: SearchableMap } = await import(assets + 'searchable-map.js');
        const t0 = performance.now();
        const e = await new Engine((p) => fetch(index + p).then((r) => r.json()), SearchableMap).init();
        const initMs = performance.now() - t0;
        const cold = [];
        for (const q of queries) {
          const t = performance.now();
          await e.search(q);
          cold.push(performance.now() - t);
        }
        const warm = [];
        for (let r = 0; r < 10; r++)
          for (const q of queries) {
            const t = performance.now();
            await e.search(q);
            warm.push(performance.now() - t);
          }
        return { initMs, cold, warm };
      },
      { assets, index, queries: QUERIES },
    );
    // The whole page: a query typed → the first 25 results on screen (rows files already cached after one pass).
    const ui = await page.evaluate(async (queries) => {
      const input = document.getElementById('q');
      const results = document.getElementById('results');
      const once = (q) =>
        new Promise((ok) => {
          const t = performance.now();
          const obs = new MutationObserver(() => {
            obs.disconnect();
            ok(performance.now() - t);
          });
          obs.observe(results, { childList: true });
          input.value = q;
          input.dispatchEvent(new Event('input'));
        });
      for (const q of queries) await once(q);
      const times = [];
      for (let r = 0; r < 3; r++) for (const q of queries) times.push(await once(q));
      return times;
    }, QUERIES);
    await ctx.close();
    return { transfers, engine, ui };
  } finally {
    await srv.close();
  }
}

// ---------------------------------------------------------------------------------------------- 4. libraries
async function compareEngines(browser, engineDir) {
  const nm = join(engineDir, 'node_modules');
  const { loadCatalog } = await import(dist('catalog/load.js'));
  const { buildModel } = await import(dist('site/model.js'));
  const { paperFields } = await import(dist('site/search-index.js'));
  const { tokenize } = await import(dist('site/client/tokenize.js'));
  const { default: MiniSearch } = await import(pathToFileURL(join(nm, 'minisearch/dist/es/index.js')).href);
  const { Index } = await import(pathToFileURL(join(nm, 'flexsearch/dist/flexsearch.bundle.module.min.mjs')).href);
  const orama = await import(pathToFileURL(join(nm, '@orama/orama/dist/esm/index.js')).href);
  const FIELDS = ['title', 'authors', 'ids', 'labels', 'why_en', 'why_zh', 'notes'];
  const rows = [];
  for (const n of [1000, 10000]) {
    const model = buildModel(loadCatalog(await syntheticCatalog(n)));
    const docs = model.papers.map((sp) => Object.fromEntries([['id', sp.n], ...paperFields(model, sp).map((v, i) => [FIELDS[i], v])]));
    const dir = join(OUT, `engines-${n}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'lib'), { recursive: true });
    cpSync(join(nm, 'minisearch/dist/es/index.js'), join(dir, 'lib/minisearch.js'));
    cpSync(join(nm, 'flexsearch/dist/flexsearch.bundle.module.min.mjs'), join(dir, 'lib/flexsearch.js'));
    cpSync(join(nm, '@orama/orama/dist/browser'), join(dir, 'lib/orama'), { recursive: true });
    cpSync(join(ROOT, 'dist/site/client/tokenize.js'), join(dir, 'lib/tokenize.js'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>engines</title>');
    const built = {};
    // MiniSearch: one index of every field.
    let t = performance.now();
    const ms = new MiniSearch({ fields: FIELDS, tokenize, processTerm: (s) => s });
    ms.addAll(docs);
    writeFileSync(join(dir, 'minisearch.json'), JSON.stringify(ms));
    built.MiniSearch = performance.now() - t;
    // FlexSearch: one index of the joined text, forward tokenizer (prefixes), our tokenizer as the encoder.
    t = performance.now();
    const fx = new Index({ tokenize: 'forward', encode: (s) => tokenize(s) });
    for (const d of docs) fx.add(d.id, FIELDS.map((f) => d[f]).join(' \n '));
    const parts = {};
    await fx.export((key, data) => void (parts[key] = data));
    writeFileSync(join(dir, 'flexsearch.json'), JSON.stringify(parts));
    built.FlexSearch = performance.now() - t;
    // Orama: schema of the seven fields, our tokenizer.
    t = performance.now();
    const tokenizer = { language: 'english', normalizationCache: new Map(), tokenize: (s) => tokenize(s) };
    const db = orama.create({ schema: Object.fromEntries(FIELDS.map((f) => [f, 'string'])), components: { tokenizer } });
    await orama.insertMultiple(db, docs.map((d) => ({ ...d, id: String(d.id) })));
    writeFileSync(join(dir, 'orama.json'), JSON.stringify(orama.save(db)));
    built.Orama = performance.now() - t;

    const srv = await serveDir(dir);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(srv.url);
    const res = await page.evaluate(
      async ({ queries, FIELDS }) => {
        const { tokenize } = await import('/lib/tokenize.js');
        const time = async (load, search) => {
          const t0 = performance.now();
          const idx = await load();
          const loadMs = performance.now() - t0;
          const lat = [];
          let hits = 0;
          for (let r = 0; r < 6; r++)
            for (const q of queries) {
              const t = performance.now();
              const n = await search(idx, q);
              lat.push(performance.now() - t);
              if (r === 0) hits += n;
            }
          return { loadMs, lat: lat.slice(queries.length), hits };
        };
        const out = {};
        const { default: MiniSearch } = await import('/lib/minisearch.js');
        out.MiniSearch = await time(
          async () => MiniSearch.loadJSON(await (await fetch('/minisearch.json')).text(), { fields: FIELDS, tokenize, processTerm: (s) => s }),
          (idx, q) => idx.search(q, { prefix: true, fuzzy: 0.2, combineWith: 'AND' }).length,
        );
        const { Index } = await import('/lib/flexsearch.js');
        out.FlexSearch = await time(
          async () => {
            const idx = new Index({ tokenize: 'forward', encode: (s) => tokenize(s) });
            const parts = await (await fetch('/flexsearch.json')).json();
            for (const [k, v] of Object.entries(parts)) idx.import(k, v);
            return idx;
          },
          (idx, q) => idx.search(q, { limit: 10000 }).length,
        );
        const orama = await import('/lib/orama/index.js');
        out.Orama = await time(
          async () => {
            const tokenizer = { language: 'english', normalizationCache: new Map(), tokenize: (s) => tokenize(s) };
            const db = orama.create({ schema: Object.fromEntries(FIELDS.map((f) => [f, 'string'])), components: { tokenizer } });
            orama.load(db, await (await fetch('/orama.json')).json());
            return db;
          },
          async (db, q) => (await orama.search(db, { term: q, tolerance: 1, limit: 25 })).count,
        );
        return out;
      },
      { queries: QUERIES, FIELDS },
    );
    await ctx.close();
    await srv.close();
    const libGz = { MiniSearch: 'lib/minisearch.js', FlexSearch: 'lib/flexsearch.js' };
    for (const [name, r] of Object.entries(res)) {
      const file = join(dir, `${name.toLowerCase()}.json`);
      const raw = readFileSync(file);
      const lib = libGz[name] ? gzipSync(readFileSync(join(dir, libGz[name]))).length : fileSizes(join(dir, 'lib/orama'), (p) => p.endsWith('.js')).reduce((a, f) => a + f.gz, 0);
      rows.push({
        papers: n,
        library: name,
        'build ms (Node)': built[name].toFixed(0),
        'index gzip KB': kb(gzipSync(raw).length),
        'library gzip KB': kb(lib),
        'load ms (Chromium)': r.loadMs.toFixed(0),
        'p50 ms': pct(r.lat, 50).toFixed(2),
        'p95 ms': pct(r.lat, 95).toFixed(2),
        'hits (20 queries)': r.hits,
      });
    }
  }
  console.log('### Libraries, one whole index each (the comparison behind the choice)\n');
  table(rows, Object.keys(rows[0]));
  console.log('\nSame documents, fields and tokenizer for all three; MiniSearch with prefix + fuzzy 0.2 + AND, FlexSearch forward tokenizer, Orama tolerance 1. Latency: warm, 5 rounds of the 20 queries.\n');
}

/**
 * Where the built sites go. SITE_BENCH_OUT=/dev/shm puts them on a memory file system, to tell the disk from the
 * code. SITE_BENCH_KEEP=1 gives each run a folder of its own and leaves it: on this machine's ext4, files created in
 * the minutes after many deletions cost several times more, so runs compared one after the other (this code and a
 * baseline) must not delete each other's sites in between; delete bench/out/sites-* when done.
 */
function sitesRoot() {
  return join(process.env.SITE_BENCH_OUT ?? OUT, process.env.SITE_BENCH_KEEP ? `sites-${Date.now()}` : 'sites');
}

export default async function () {
  const outs = await buildTimes();
  try {
    await afterBuilds(outs);
  } finally {
    if (!process.env.SITE_BENCH_KEEP) rmSync(sitesRoot(), { recursive: true, force: true });
  }
}

async function afterBuilds(outs) {
  if (process.env.SITE_BENCH_BUILD_ONLY) return;
  console.log('### Bytes per page type (10k papers)\n');
  const bytes = bytesPerType(outs[10000]);
  table(bytes, Object.keys(bytes[0]));
  console.log('');
  if (!existsSync(CHROMIUM)) {
    console.log(`(no Chromium at ${CHROMIUM}: search latency skipped)`);
    return;
  }
  const browser = await launch();
  try {
    const rows = [];
    for (const n of SIZES) {
      const r = await searchInBrowser(browser, outs[n]);
      rows.push({
        papers: n,
        'KB before first result (median / max of 4 queries)': `${kb(median(r.transfers))} / ${kb(Math.max(...r.transfers))}`,
        'engine init ms': r.engine.initMs.toFixed(1),
        'first query of a shard ms (p50 / max)': `${pct(r.engine.cold, 50).toFixed(1)} / ${Math.max(...r.engine.cold).toFixed(1)}`,
        'engine p50 ms': pct(r.engine.warm, 50).toFixed(2),
        'engine p95 ms': pct(r.engine.warm, 95).toFixed(2),
        'typed → results on screen p95 ms': pct(r.ui, 95).toFixed(1),
      });
    }
    console.log('### Search in Chromium (the chosen design: sharded index, MiniSearch SearchableMap + BM25 over typed arrays)\n');
    table(rows, Object.keys(rows[0]));
    console.log(`\nTransferred = navigation + every resource until the first result is shown (gzip, empty cache). Latency over ${QUERIES.length} queries (words, prefixes, typos, Chinese, names) × 10 rounds after one cold pass.\n`);
    const engines = process.env.SITE_ENGINES_DIR;
    if (engines && existsSync(join(engines, 'node_modules'))) await compareEngines(browser, engines);
    else console.log('(library comparison skipped: set SITE_ENGINES_DIR to a folder where `npm i minisearch flexsearch @orama/orama` was run)');
  } finally {
    await browser.close();
  }
}

