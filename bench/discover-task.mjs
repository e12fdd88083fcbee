// One measured step of bench/discover.bench.mjs, in a fresh process. Prints one JSON line with the step's wall
// time (ms), CPU time (ms) and peak RSS (MB), plus what the step returns.
import { createReadStream, createWriteStream, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';

const lib = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const [step, ...args] = process.argv.slice(2);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const steps = {
  /** import FILE STORE: a fresh store from the file. */
  async import(file, store) {
    for (const x of ['', '-wal', '-shm']) rmSync(store + x, { force: true });
    const [{ Store }, { harvestFile }] = await Promise.all([lib('store/store.js'), lib('harvest/jsonl.js')]);
    const s = Store.open(store);
    const t = performance.now();
    const c = cpu();
    const r = await harvestFile(s, { file });
    const out = { ms: performance.now() - t, cpuMs: cpu() - c, papers: r.inserted };
    s.close();
    return out;
  },
  /** rank STORE TOPICS OUT MODE: features (cold: vocabulary dropped first; warm: cached) + every topic. */
  async rank(store, topicsFile, outFile, mode) {
    const [{ Store }, { loadFeatures }, { RANK_DEFAULTS }, { trainAll }, { decision }, { topK }] = await Promise.all([lib('store/store.js'), lib('store/features.js'), lib('rank/defaults.js'), lib('rank/pool.js'), lib('rank/svm.js'), lib('rank/rank.js')]);
    const s = Store.open(store);
    if (mode === 'cold') s.db.exec('DELETE FROM features; DELETE FROM vocab;');
    const t0 = performance.now();
    const c0 = cpu();
    const f = loadFeatures(s, RANK_DEFAULTS);
    const featuresMs = performance.now() - t0;
    const ids = new Map(s.heads().map((h) => [h.n, h.id]));
    const rowOfId = new Map([...f.rowOf].map(([n, row]) => [ids.get(n), row]));
    const topics = JSON.parse(readFileSync(topicsFile, 'utf8')).topics;
    const t1 = performance.now();
    const inputs = topics.map((t) => ({ id: t.name, positives: Int32Array.from(t.seeds.map((id) => rowOfId.get(id)).filter((r) => r !== undefined)) }));
    const models = await trainAll(f.X, inputs, RANK_DEFAULTS);
    const all = Int32Array.from({ length: f.X.rows }, (_, i) => i);
    const results = models.map((m, i) => {
      const sc = decision(f.X, m);
      for (const r of inputs[i].positives) sc[r] = -Infinity;
      return { name: m.id, top: topK(all, sc, 200).map((x) => ids.get(f.ns[x.row])), trainMs: m.ms, epochs: m.epochs };
    });
    const rankMs = performance.now() - t1;
    writeFileSync(outFile, JSON.stringify({ topics: results }));
    const out = { ms: performance.now() - t0, cpuMs: cpu() - c0, featuresMs, rankMs, featureStats: f.stats, nnz: f.X.indptr[f.X.rows] };
    s.close();
    return out;
  },
  /** replicate IN OUT K: K copies of every paper, the copies under ids of other years (valid, distinct). */
  async replicate(input, output, k) {
    const gz = createGzip({ level: 1 });
    const sink = createWriteStream(output);
    const done = pipeline(gz, sink);
    const rl = createInterface({ input: createReadStream(input).pipe(createGunzip()), crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) {
      if (!line.trim()) continue;
      const p = JSON.parse(line);
      for (let copy = 0; copy < Number(k); copy++) {
        // 25xx/26xx → 15xx/16xx, 17xx/18xx, 19xx/20xx for the copies: still valid 5-digit new-style ids.
        const id = copy === 0 ? p.id : `${Number(p.id.slice(0, 2)) - 12 + 2 * copy}${p.id.slice(2)}`;
        if (!gz.write(JSON.stringify({ ...p, id }) + '\n')) await new Promise((r) => gz.once('drain', r));
        n++;
      }
    }
    gz.end();
    await done;
    return { papers: n };
  },
};

const r = await steps[step](...args);
console.log(JSON.stringify({ ...r, rssMB: process.resourceUsage().maxRSS / 1024 }));
