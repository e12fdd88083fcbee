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
  const top = new Int32Array(limit);
  const topScore = new Float64Array(limit);
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
    // The best `limit` by score, then by paper number: an insertion into a short sorted list, no sort of all.
    let k = 0;
    for (const m of touched) {
      const s = score[m]! - 0.02 * Math.abs((model.papers[m]!.year ?? year) - year);
      score[m] = 0;
      if (s <= 0.5) continue;
      let i = k < limit ? k++ : limit;
      if (i === limit && !better(s, m, topScore[limit - 1]!, top[limit - 1]!)) continue;
      while (i > 0 && better(s, m, topScore[i - 1]!, top[i - 1]!)) {
        if (i < limit) (top[i] = top[i - 1]!), (topScore[i] = topScore[i - 1]!);
        i--;
      }
      top[i] = m;
      topScore[i] = s;
    }
    touched.length = 0;
    const list: SitePaper[] = [];
    for (let i = 0; i < k; i++) list.push(model.papers[top[i]!]!);
    out.set(sp.n, list);
  }
  return out;
}

function better(s: number, m: number, s2: number, m2: number): boolean {
  return s > s2 || (s === s2 && m < m2);
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
