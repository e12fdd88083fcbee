/**
 * Related papers from the catalog: papers that share tags and categories, rarer ones counting more (inverse
 * frequency), nearer in time breaking ties. To stay linear at 100k papers, candidates are only the papers next
 * in date to this one in each of its tag and category lists (a window of WINDOW on each side), not all pairs.
 */
import type { SiteModel, SitePaper } from './model.js';

const WINDOW = 40;

export function relatedPapers(model: SiteModel, limit = 5): Map<number, SitePaper[]> {
  const n = model.papers.length;
  // Lists of paper numbers (ascending = newest first) per key, with a weight per key.
  const lists = new Map<string, number[]>();
  const keysOf: string[][] = model.papers.map(() => []);
  for (const sp of model.papers) {
    const keys = new Set<string>();
    for (const c of sp.p.categories) {
      keys.add('c:' + c);
      const parent = model.categories.get(c)?.flat.parent;
      if (parent) keys.add('p:' + parent);
    }
    for (const tg of sp.p.tags ?? []) keys.add('t:' + tg);
    for (const k of keys) {
      (lists.get(k) ?? lists.set(k, []).get(k)!).push(sp.n);
      keysOf[sp.n]!.push(k);
    }
  }
  const weight = new Map<string, number>();
  for (const [k, list] of lists) {
    const kind = k[0] === 'c' ? 1.2 : k[0] === 'p' ? 0.4 : 1;
    weight.set(k, kind * Math.log(1 + n / list.length));
  }
  const out = new Map<number, SitePaper[]>();
  // Scores in a flat array, reset through the list of papers touched: no map per paper.
  const score = new Float64Array(n);
  const touched: number[] = [];
  for (const sp of model.papers) {
    for (const k of keysOf[sp.n]!) {
      const list = lists.get(k)!;
      const w = weight.get(k)!;
      const at = lowerBound(list, sp.n);
      const end = Math.min(list.length, at + WINDOW + 1);
      for (let i = Math.max(0, at - WINDOW); i < end; i++) {
        const m = list[i]!;
        if (m === sp.n) continue;
        if (score[m] === 0) touched.push(m);
        score[m] += w;
      }
    }
    const year = sp.year ?? 0;
    const ranked: [number, number][] = [];
    for (const m of touched) {
      const s = score[m]! - 0.02 * Math.abs((model.papers[m]!.year ?? year) - year);
      if (s > 0.5) ranked.push([m, s]);
      score[m] = 0;
    }
    touched.length = 0;
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    out.set(sp.n, ranked.slice(0, limit).map(([m]) => model.papers[m]!));
  }
  return out;
}

function lowerBound(list: number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
