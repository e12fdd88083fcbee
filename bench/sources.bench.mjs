// Issue 4: `papershelf refresh` of 1,000 papers against a local replay server, with arXiv's real politeness delay
// (one request every 3 s, one connection) and Semantic Scholar's (1.1 s). Reports the requests sent (batching),
// wall time, CPU time of the refresh process (process.cpuUsage, start-up included) and CPU as a share of wall time.
// Target: the wall time is the politeness delay and nothing else: CPU ≤ 5 % of wall. A second run from the cache
// must send no request.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { median, OUT, ROOT, syntheticCatalog, table } from './lib.mjs';

const N = 1000;
const RUNS = 3;

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Atom entries and Semantic Scholar records that agree with the synthetic catalog. */
function answersFor(catalog) {
  const arxiv = new Map();
  const s2 = new Map();
  for (const f of readdirSync(join(catalog, 'papers'))) {
    const p = parse(readFileSync(join(catalog, 'papers', f), 'utf8'));
    arxiv.set(p.arxiv, `  <entry>
    <id>http://arxiv.org/abs/${p.arxiv}v2</id>
    <title>${esc(p.title)}</title>
    <updated>${p.date}T12:00:00Z</updated>
    <link href="https://arxiv.org/abs/${p.arxiv}v2" rel="alternate" type="text/html"/>
    <summary>${esc(p.why.en)} Code: https://github.com/example/${p.arxiv.replace('.', '-')}</summary>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <published>${p.date}T12:00:00Z</published>
    <arxiv:primary_category term="cs.CL"/>
${p.authors.map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>\n`).join('')}  </entry>
`);
    s2.set(`ARXIV:${p.arxiv}`, { paperId: p.arxiv.replace('.', ''), externalIds: { ArXiv: p.arxiv }, title: p.title, venue: 'Neural Information Processing Systems', year: Number(p.date.slice(0, 4)), publicationDate: p.date, citationCount: p.arxiv.length * 7, tldr: { model: 'tldr@v2.0.0', text: `TL;DR of ${p.title}` } });
  }
  return { arxiv, s2 };
}

async function startServer(answers) {
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let body = '';
    for await (const c of req) body += c;
    if (url.pathname === '/arxiv/api/query') {
      const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
      log.push({ source: 'arxiv', ids: ids.length });
      const entries = ids.map((id) => answers.arxiv.get(id)).filter(Boolean);
      res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(`<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/bench</id>
  <title>arXiv Query</title>
  <updated>2026-04-12T22:09:36Z</updated>
  <opensearch:itemsPerPage>${entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${entries.length}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
${entries.join('')}</feed>
`);
    } else if (url.pathname === '/s2/graph/v1/paper/batch') {
      const ids = JSON.parse(body).ids;
      log.push({ source: 's2', ids: ids.length });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ids.map((id) => answers.s2.get(id) ?? null)));
    } else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, log, url: `http://127.0.0.1:${server.address().port}` };
}

// The refresh process: the real library, timed from the inside (wall and CPU of this process, start-up included).
const CHILD = `
const { refresh } = await import(${JSON.stringify(new URL('../dist/commands/refresh.js', import.meta.url).href)});
const loaded = process.cpuUsage();
const r = await refresh({ catalog: process.env.BENCH_CATALOG, today: '2026-03-01' });
const cpu = process.cpuUsage();
const ms = (c) => (c.user + c.system) / 1000;
console.log(JSON.stringify({ wallMs: performance.now() + performance.timeOrigin - Number(process.env.BENCH_START), cpuMs: ms(cpu), refreshCpuMs: ms(cpu) - ms(loaded), requests: r.requests, fromCache: r.fromCache, changed: r.changed.length, failed: r.failed.length, rssMB: process.resourceUsage().maxRSS / 1024 }));
`;

function runRefresh(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { env: { ...process.env, ...env, BENCH_START: String(Date.now()) } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`refresh failed (${code}): ${err}`))));
  });
}

export default async function () {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'refresh.js'))) throw new Error('run `npx tsc -p tsconfig.json` first');
  const source = await syntheticCatalog(N);
  const answers = answersFor(source);
  const { server, log, url } = await startServer(answers);
  const rows = [];
  try {
    const fresh = [];
    let cached;
    for (let i = 0; i < RUNS; i++) {
      const catalog = join(OUT, `sources-${N}`, 'catalog');
      rmSync(join(OUT, `sources-${N}`), { recursive: true, force: true });
      cpSync(source, catalog, { recursive: true });
      const cache = mkdtempSync(join(tmpdir(), 'papershelf-bench-cache-'));
      const env = { BENCH_CATALOG: catalog, PAPERSHELF_ARXIV_API: `${url}/arxiv/api/query`, PAPERSHELF_S2_API: `${url}/s2/graph/v1`, PAPERSHELF_DOI_API: `${url}/crossref`, PAPERSHELF_CACHE_DIR: cache, XDG_CONFIG_HOME: join(cache, 'no-config') };
      const before = log.length;
      const r = await runRefresh(env);
      if (r.failed || r.changed !== N) throw new Error(`refresh wrote the facts of ${r.changed} papers, ${r.failed} failed`);
      r.arxiv = log.slice(before).filter((l) => l.source === 'arxiv').length;
      r.s2 = log.slice(before).filter((l) => l.source === 's2').length;
      fresh.push(r);
      if (i === RUNS - 1) {
        const n = log.length;
        cached = await runRefresh(env);
        cached.arxiv = log.slice(n).filter((l) => l.source === 'arxiv').length;
        cached.s2 = log.slice(n).filter((l) => l.source === 's2').length;
      }
      rmSync(cache, { recursive: true, force: true });
    }
    const row = (name, rs) => {
      const wall = median(rs.map((r) => r.wallMs));
      const cpu = median(rs.map((r) => r.cpuMs));
      const inner = median(rs.map((r) => r.refreshCpuMs));
      return {
        run: name,
        papers: N,
        'arXiv requests': rs[0].arxiv,
        'S2 requests': rs[0].s2,
        'wall s': (wall / 1000).toFixed(2),
        'politeness floor s': ((Math.max(0, rs[0].arxiv - 1) * 3000) / 1000).toFixed(1),
        'CPU s': (cpu / 1000).toFixed(2),
        'CPU % of wall': ((100 * cpu) / wall).toFixed(1),
        'CPU in refresh() s': (inner / 1000).toFixed(2),
        'peak RSS MB': Math.max(...rs.map((r) => r.rssMB)).toFixed(0),
      };
    };
    rows.push(row(`fresh cache (median of ${RUNS})`, fresh), row('re-run from the cache', [cached]));
  } finally {
    server.close();
  }
  table(rows, Object.keys(rows[0]));
  console.log(`\narXiv delay as arXiv asks (3 s between requests, one connection), Semantic Scholar 1.1 s; batches of 100 (arXiv) and 500 (S2).`);
  console.log('Wall and CPU are of the whole refresh process as a user runs it (Node start-up and module loading included);');
  console.log('"CPU in refresh()" leaves those out: loading the catalog, fetching, parsing, writing the facts of 1,000 papers (one store file). CPU counts every');
  console.log('thread of the process (GC, compiler), so it can exceed wall time on a short run.');
}
