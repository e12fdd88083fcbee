// Issue 7 (discovery), on ../shared/corpora/arxiv-cs-2025-2026.jsonl.gz (74,728 real cs papers), side by side in one
// run with the arxiv-sanity-lite recipe in scikit-learn (bench/sklearn_baseline.py, Debian's python3-sklearn):
//   quality — topics defined by title keywords; 20 random matches are the seeds (a stand-in for a catalog category),
//             the other matches are the relevant papers; P@50 and recall@200 per topic, same seeds for both;
//   speed   — import into the store (target ≤ 5 s); features + ranking of every topic, end to end (target ≥ 5× faster
//             than the recipe), cold (vocabulary and features computed from the store's texts) and warm (cached);
//             peak memory (target ≤ 1 GB);
//   scale   — the same at 75k and on a 4× replicated corpus (~300k papers): how time and memory grow.
// Each step runs in a fresh process (bench/discover-task.mjs); times are medians of 3 runs. The machine's other load
// shows in wall times, so CPU times are reported beside them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { median, OUT, ROOT, SHARED, table } from './lib.mjs';
// The same seeded generator the ranker trains with, so the bench's seed choice is reproducible.
const { random32 } = await import(new URL('../dist/rank/svm.js', import.meta.url).href);

const CORPUS = join(SHARED, 'corpora', 'arxiv-cs-2025-2026.jsonl.gz');
const DIR = join(OUT, 'discover');
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Topics by title keywords (case-insensitive, on the title with white space collapsed). */
export const TOPICS = [
  ['LoRA / PEFT', /\b(q?lora|peft|parameter[- ]efficient|low[- ]rank adaptation)\b/i],
  ['quantization', /\bquanti[sz](ation|ed|ing|e)\b/i],
  ['RAG', /\bretrieval[- ]augmented|\brag\b/i],
  ['speculative decoding', /\bspeculative (decoding|sampling|inference)/i],
  ['mixture of experts', /\bmixture[- ]of[- ]experts?\b|\bmoe\b/i],
  ['KV cache', /\bkv[- ]?cache/i],
  ['Gaussian splatting', /\bgaussian splatting\b|\b3dgs\b/i],
  ['jailbreak', /\bjailbreak/i],
  ['hallucination', /\bhallucinat/i],
  ['federated learning', /\bfederated/i],
];

/** Seeds (20 random matches, fixed per topic) and relevant papers (the other matches). */
function makeTopics() {
  const papers = gunzipSync(readFileSync(CORPUS)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return TOPICS.map(([name, re], i) => {
    const matches = papers.filter((p) => re.test(p.title.replace(/\s+/g, ' '))).map((p) => p.id).sort();
    const r = random32(i + 1);
    for (let j = matches.length - 1; j > 0; j--) {
      const k = Math.floor(r() * (j + 1));
      [matches[j], matches[k]] = [matches[k], matches[j]];
    }
    return { name, seeds: matches.slice(0, 20), relevant: matches.slice(20) };
  });
}

function task(...args) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', join(ROOT, 'bench', 'discover-task.mjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`discover-task ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const runs = (n, f) => Array.from({ length: n }, f);
const med = (xs, k) => median(xs.map((x) => x[k]));
const max = (xs, k) => Math.max(...xs.map((x) => x[k]));
const s = (ms) => (ms / 1000).toFixed(2);

function metrics(top, topic) {
  const rel = new Set(topic.relevant);
  return { p50: top.slice(0, 50).filter((id) => rel.has(id)).length / 50, r200: top.filter((id) => rel.has(id)).length / rel.size };
}

export default async function () {
  if (!existsSync(CORPUS)) return console.log(`skipped: ${CORPUS} is not here (it comes with ../shared)`);
  mkdirSync(DIR, { recursive: true });
  const topics = makeTopics();
  const topicsFile = join(DIR, 'topics.json');
  writeFileSync(topicsFile, JSON.stringify({ topics }));
  const store = join(DIR, 'store-75k.sqlite');

  // ---- ours at 75k ----
  const imports = runs(RUNS, () => task('import', CORPUS, store));
  const cold = runs(RUNS, (_, i) => task('rank', store, topicsFile, join(DIR, `ours-cold-${i}.json`), 'cold'));
  const warm = runs(RUNS, (_, i) => task('rank', store, topicsFile, join(DIR, `ours-warm-${i}.json`), 'warm'));
  const ours = JSON.parse(readFileSync(join(DIR, 'ours-warm-0.json'), 'utf8'));

  // ---- the recipe ----
  let sk;
  if (PYTHON) {
    const out = join(DIR, 'sklearn.json');
    const t = performance.now();
    const r = spawnSync(PYTHON, [join(ROOT, 'bench', 'sklearn_baseline.py'), CORPUS, topicsFile, out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sklearn baseline failed: ${r.stderr}`);
    sk = { ...JSON.parse(readFileSync(out, 'utf8')), wallMs: performance.now() - t };
  }

  console.log('### Quality (same seeds; P@50 = share of the first 50 that are relevant, R@200 = share of the relevant in the first 200)\n');
  const qrows = topics.map((t, i) => {
    const a = metrics(ours.topics[i].top, t);
    const b = sk ? metrics(sk.topics[i].top, t) : undefined;
    return { topic: t.name, relevant: t.relevant.length, 'P@50 ours': a.p50.toFixed(2), 'P@50 recipe': b ? b.p50.toFixed(2) : '–', 'R@200 ours': a.r200.toFixed(2), 'R@200 recipe': b ? b.r200.toFixed(2) : '–' };
  });
  const mean = (k) => (qrows.reduce((x, r) => x + Number(r[k]), 0) / qrows.length).toFixed(3);
  qrows.push({ topic: '**mean**', relevant: '', 'P@50 ours': mean('P@50 ours'), 'P@50 recipe': sk ? mean('P@50 recipe') : '–', 'R@200 ours': mean('R@200 ours'), 'R@200 recipe': sk ? mean('R@200 recipe') : '–' });
  table(qrows, Object.keys(qrows[0]));

  console.log(`\n### Speed at ${imports[0].papers.toLocaleString('en')} papers (median of ${RUNS}; wall time, CPU time in parentheses)\n`);
  const skTopics = sk ? sk.topics.reduce((x, t) => x + t.seconds, 0) * 1000 : 0;
  const skTotal = sk ? (sk.read_s + sk.tfidf_s) * 1000 + skTopics : 0;
  const srows = [
    { step: 'import JSON lines → store', ours: `${s(med(imports, 'ms'))} s (${s(med(imports, 'cpuMs'))})`, recipe: sk ? `read ${s(sk.read_s * 1000)} s` : '–', 'peak RSS MB ours': max(imports, 'rssMB').toFixed(0), 'peak RSS MB recipe': '' },
    { step: 'features (TF-IDF), cold', ours: `${s(med(cold, 'featuresMs'))} s`, recipe: sk ? `${s(sk.tfidf_s * 1000)} s` : '–', 'peak RSS MB ours': '', 'peak RSS MB recipe': '' },
    { step: 'features, warm (cached in the store)', ours: `${s(med(warm, 'featuresMs'))} s`, recipe: '–', 'peak RSS MB ours': '', 'peak RSS MB recipe': '' },
    { step: `train + rank ${topics.length} topics`, ours: `${s(med(warm, 'rankMs'))} s`, recipe: sk ? `${s(skTopics)} s` : '–', 'peak RSS MB ours': '', 'peak RSS MB recipe': '' },
    { step: '**features + ranking, cold, end to end**', ours: `${s(med(cold, 'ms'))} s (${s(med(cold, 'cpuMs'))})`, recipe: sk ? `${s(skTotal)} s` : '–', 'peak RSS MB ours': max(cold, 'rssMB').toFixed(0), 'peak RSS MB recipe': sk ? sk.peak_rss_mb.toFixed(0) : '–' },
    { step: '**features + ranking, warm, end to end**', ours: `${s(med(warm, 'ms'))} s (${s(med(warm, 'cpuMs'))})`, recipe: sk ? `${s(skTotal)} s` : '–', 'peak RSS MB ours': max(warm, 'rssMB').toFixed(0), 'peak RSS MB recipe': '' },
  ];
  table(srows, Object.keys(srows[0]));
  if (sk) console.log(`\nspeed-up, end to end: cold ${(skTotal / med(cold, 'ms')).toFixed(1)}×, warm ${(skTotal / med(warm, 'ms')).toFixed(1)}× (recipe: read + TF-IDF + ${topics.length} × LinearSVC, measured in this run)`);

  // ---- scale: 75k and 4× ----
  const big = join(DIR, 'corpus-4x.jsonl.gz');
  if (!existsSync(big)) task('replicate', CORPUS, big, '4');
  const bigStore = join(DIR, 'store-300k.sqlite');
  const bigImport = runs(1, () => task('import', big, bigStore));
  const bigCold = runs(1, () => task('rank', bigStore, topicsFile, join(DIR, 'ours-4x-cold.json'), 'cold'));
  const bigWarm = runs(1, () => task('rank', bigStore, topicsFile, join(DIR, 'ours-4x-warm.json'), 'warm'));
  console.log('\n### Scale (4× = every paper four times under distinct ids; one run each)\n');
  const row = (label, imp, c, w) => ({ corpus: label, papers: imp[0].papers.toLocaleString('en'), 'import s': s(med(imp, 'ms')), 'import CPU s': s(med(imp, 'cpuMs')), 'import RSS MB': max(imp, 'rssMB').toFixed(0), 'cold e2e s': s(med(c, 'ms')), 'cold CPU s': s(med(c, 'cpuMs')), 'features cold s': s(med(c, 'featuresMs')), 'warm e2e s': s(med(w, 'ms')), 'warm CPU s': s(med(w, 'cpuMs')), 'rank topics s': s(med(w, 'rankMs')), 'peak RSS MB': Math.max(max(c, 'rssMB'), max(w, 'rssMB')).toFixed(0), nnz: c[0].nnz.toLocaleString('en') });
  const scale = [row('75k', imports, cold, warm), row('4×', bigImport, bigCold, bigWarm)];
  table(scale, Object.keys(scale[0]));
  const ratio = (k) => (Number(scale[1][k]) / Number(scale[0][k])).toFixed(1);
  console.log(`\ngrowth at 4× the papers (wall / CPU): import ${ratio('import s')}× / ${ratio('import CPU s')}×, cold features+ranking ${ratio('cold e2e s')}× / ${ratio('cold CPU s')}×, warm ${ratio('warm e2e s')}× / ${ratio('warm CPU s')}×, peak memory ${ratio('peak RSS MB')}×.`);
}
