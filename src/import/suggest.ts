/**
 * Pure category suggestion for a new paper: TF-IDF cosine similarity between the paper's title and abstract and
 * each category's papers (their titles, reasons in English, tags and, when fetched, abstracts), plus the
 * category's own name and description so that an empty category can still be suggested.
 *
 * How sure: "high" when the best category scores well and clearly ahead of the next, "low" when even the best
 * barely overlaps, "medium" otherwise. The scores are cosines in [0, 1], shown to the user as they are.
 */
import type { Paper, Taxonomy } from '../model/schema.js';
import { flattenCategories } from '../model/taxonomy.js';

export interface CategoryScore {
  id: string;
  name: string;
  score: number;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface Suggestion {
  categories: CategoryScore[];
  confidence: Confidence;
}

const STOP = new Set(
  'a an and are as at be by can do for from has have how in into is it its large language model models llm llms of on or our over paper propose proposed show than that the their these this to towards under using via we what when which with without while based new approach method methods results also more most such used use both each between than'.split(' '),
);

/** Lower-case word stems: accents dropped, stop words out, a light plural rule ("models" → "model"). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 2 || STOP.has(raw) || /^\d+$/.test(raw)) continue;
    let w = raw;
    if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
    else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
    if (!STOP.has(w)) out.push(w);
  }
  return out;
}

type Vec = Map<string, number>;

function normalize(v: Vec): Vec {
  let n = 0;
  for (const x of v.values()) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (const [k, x] of v) v.set(k, x / n);
  return v;
}

function dot(a: Vec, b: Vec): number {
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) s += x * (big.get(k) ?? 0);
  return s;
}

export interface CatalogDoc {
  categories: string[];
  text: string;
}

/** The text a catalog paper contributes: title, English reason, tags, and its fetched abstract when known. */
export function paperText(p: Paper, abstract?: string): string {
  return [p.title, p.why?.en ?? '', (p.tags ?? []).join(' ').replace(/-/g, ' '), abstract ?? ''].join(' ');
}

export class CategoryIndex {
  private readonly idf = new Map<string, number>();
  private readonly centroids = new Map<string, Vec>();
  private readonly names = new Map<string, string>();

  constructor(taxonomy: Taxonomy, docs: CatalogDoc[]) {
    const categories = flattenCategories(taxonomy);
    const own = categories.map((c) => ({ id: c.node.id, text: [c.node.name.en, c.node.description?.en ?? '', c.node.id.replace(/-/g, ' ')].join(' ') }));
    const all = [...docs.map((d) => tokens(d.text)), ...own.map((o) => tokens(o.text))];
    const df = new Map<string, number>();
    for (const toks of all) for (const t of new Set(toks)) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log((all.length + 1) / (n + 1)) + 1);
    const sums = new Map<string, Vec>();
    const add = (id: string, v: Vec, weight: number) => {
      const s = sums.get(id) ?? new Map<string, number>();
      for (const [k, x] of v) s.set(k, (s.get(k) ?? 0) + weight * x);
      sums.set(id, s);
    };
    for (const c of categories) this.names.set(c.node.id, c.node.name.en);
    own.forEach((o) => add(o.id, this.vector(tokens(o.text)), 1));
    docs.forEach((d, i) => {
      const v = this.vector(all[i]!);
      for (const c of d.categories) if (this.names.has(c)) add(c, v, 1);
    });
    for (const [id, v] of sums) this.centroids.set(id, normalize(v));
  }

  private vector(toks: string[]): Vec {
    const v: Vec = new Map();
    for (const t of toks) v.set(t, (v.get(t) ?? 0) + 1);
    for (const [t, n] of v) v.set(t, (1 + Math.log(n)) * (this.idf.get(t) ?? Math.log(2) + 1));
    return normalize(v);
  }

  /** The `top` best categories for a text, best first, and how sure the suggestion is. */
  suggest(text: string, top = 3): Suggestion {
    const q = this.vector(tokens(text));
    const scored = [...this.centroids].map(([id, c]) => ({ id, name: this.names.get(id) ?? id, score: Math.round(dot(q, c) * 1000) / 1000 }));
    scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const best = scored.slice(0, top).filter((s) => s.score > 0);
    return { categories: best, confidence: confidenceOf(best[0]?.score ?? 0, scored[1]?.score ?? 0) };
  }
}

/** Thresholds chosen on the bundled catalog (leave-one-out, title + reason): see test/sources-add.test.ts. */
export function confidenceOf(best: number, second: number): Confidence {
  if (best < 0.1) return 'low';
  if (best >= 0.2 && best >= 1.3 * second) return 'high';
  return 'medium';
}
