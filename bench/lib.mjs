// Shared helpers for benchmarks: synthetic catalogs, timing a task in a fresh process, medians.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'bench', 'out');
export const SHARED = join(ROOT, '..', 'shared');

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Deterministic pseudo-random numbers, so every run builds the same catalog. */
export function rng(seed = 42) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const WORDS = 'language model attention transformer scaling reasoning alignment preference retrieval agent quantization pruning sparse expert context long efficient inference decoding benchmark evaluation instruction tuning reinforcement learning multimodal vision data mixture training parallel memory cache speculative kernel safety jailbreak hallucination tool planning memory graph code math science'.split(' ');
const ZH = '大模型注意力推理对齐偏好检索智能体量化剪枝稀疏专家上下文高效解码评测指令微调强化学习多模态视觉数据训练并行显存缓存安全幻觉工具规划代码数学科学'.split('');
export const CATEGORIES = ['llms', 'surveys', 'pretraining', 'architecture', 'data', 'scaling', 'systems', 'moe', 'instruction', 'rlhf', 'prompting', 'reasoning', 'peft', 'long-context', 'compression', 'inference', 'multimodal', 'agents', 'rag', 'evaluation'];
export const TAGS = ['must-read', 'survey', 'benchmark', 'dataset', 'open-weights', 'attention', 'scaling', 'alignment', 'code', 'math', 'efficiency', 'reasoning'];

/** Writes a catalog of n synthetic papers in the canonical layout (with papershelf's own serializer). */
export async function syntheticCatalog(n) {
  const dir = join(OUT, `catalog-${n}`);
  const catalog = join(dir, 'catalog');
  if (existsSync(join(catalog, '.complete'))) return catalog;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(catalog, 'papers'), { recursive: true });
  const { paperToYaml, taxonomyToYaml } = await import(join(ROOT, 'dist', 'index.js'));
  const taxonomy = {
    title: 'Synthetic List',
    categories: CATEGORIES.slice(0, 10).map((id, i) => ({ id, name: { en: id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()), zh: `类别${i}` }, ...(i < 10 ? { children: [{ id: CATEGORIES[i + 10], name: { en: CATEGORIES[i + 10].replace(/^./, (c) => c.toUpperCase()) } }] } : {}) })),
    tags: TAGS.map((id) => ({ id, name: { en: id } })),
  };
  writeFileSync(join(catalog, 'taxonomy.yaml'), taxonomyToYaml(taxonomy));
  const r = rng(n);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const words = (k) => Array.from({ length: k }, () => pick(WORDS)).join(' ');
  for (let i = 0; i < n; i++) {
    const yy = 15 + Math.floor(r() * 11);
    const mm = 1 + Math.floor(r() * 12);
    const id = `${yy}${String(mm).padStart(2, '0')}.${String(i).padStart(5, '0')}`;
    const title = words(6 + Math.floor(r() * 6)).replace(/^./, (c) => c.toUpperCase());
    const paper = {
      arxiv: id,
      title,
      authors: Array.from({ length: 2 + Math.floor(r() * 8) }, () => `${pick(['Ada', 'Bo', 'Chen', 'Dana', 'Eli', 'Fei', 'Gus', 'Hui'])} ${pick(['Li', 'Smith', 'Wang', 'Garcia', 'Kim', 'Müller', 'Zhang', 'Rossi'])}`),
      date: `20${yy}-${String(mm).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
      ...(r() < 0.3 ? { venue: `${pick(['NeurIPS', 'ICML', 'ICLR', 'ACL'])} 20${yy + 1}` } : {}),
      ...(r() < 0.4 ? { links: { code: `https://github.com/org${i}/repo` } } : {}),
      categories: [pick(CATEGORIES), ...(r() < 0.3 ? [pick(CATEGORIES)] : [])].filter((c, j, a) => a.indexOf(c) === j),
      tags: [pick(TAGS), pick(TAGS)].filter((c, j, a) => a.indexOf(c) === j),
      added: `2026-${String(1 + Math.floor(r() * 11)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
      why: { en: `${words(20)}.`.replace(/^./, (c) => c.toUpperCase()), zh: Array.from({ length: 40 }, () => pick(ZH)).join('') + '。' },
      ...(r() < 0.2 ? { notes: [{ title: 'Explainer', url: `https://blog.example.com/p/${i}`, lang: 'en' }] } : {}),
    };
    writeFileSync(join(catalog, 'papers', `${id}.yaml`), paperToYaml(paper));
  }
  writeFileSync(join(catalog, '.complete'), '');
  return catalog;
}

/** Runs `node bench/task.mjs <task> <args>` in a fresh process; returns { ms, rssMB, ...task output }. */
export function timeTask(task, ...args) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', join(ROOT, 'bench', 'task.mjs'), task, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${task} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

export function table(rows, columns) {
  const w = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  console.log(line(columns));
  console.log('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  for (const r of rows) console.log(line(columns.map((c) => r[c])));
}
