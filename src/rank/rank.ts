/**
 * Pure: the catalog's taste → a ranking of candidate papers. One linear SVM per catalog category (its papers are the
 * positives, a sample of every other paper the negatives), then
 *   - per category, candidates by that category's score;
 *   - overall, candidates by their best category, the scores being made comparable as z-scores against the
 *     category's negatives ("how many standard deviations above an ordinary paper");
 *   - for each suggestion, why: the terms that add most to its score, and the closest catalog papers (cosine).
 */
import type { RankParams } from './defaults.js';
import { rowDot, type Csr } from './matrix.js';
import { decision, random32, trainSvm, type LinearModel } from './svm.js';

export interface CategoryInput {
  id: string;
  /** Matrix rows of the catalog papers in this category (or one of its sub-categories). */
  positives: Int32Array;
}

export interface CategoryModel extends LinearModel {
  id: string;
  positives: number;
  negatives: number;
  /** Mean and standard deviation of the scores of its negatives: the z-score's reference. */
  mean: number;
  sd: number;
  ms: number;
}

export interface Explained {
  row: number;
  /** The best category's z-score (overall lists) or this category's (per-category lists). */
  score: number;
  category: string;
  /** The categories this paper scores highest in, best first (at most 3). */
  scores: { category: string; score: number }[];
  terms: { term: string; weight: number }[];
  closest: { row: number; similarity: number }[];
}

/** Hashes a string to a seed, so each category samples its negatives the same way every run. */
function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The training rows for one category: its positives, and every other row — or a fixed random sample of
 * `maxNegatives` of them (reservoir sampling, seeded by the category id).
 */
export function trainingSet(rows: number, positives: Int32Array, maxNegatives: number, seed: string): { train: Int32Array; y: Int8Array } {
  const pos = new Set(positives);
  const negCount = rows - pos.size;
  const k = Math.min(negCount, maxNegatives);
  const neg = new Int32Array(k);
  if (k === negCount) {
    let j = 0;
    for (let r = 0; r < rows; r++) if (!pos.has(r)) neg[j++] = r;
  } else {
    const rand = random32(seedOf(seed));
    let seen = 0;
    for (let r = 0; r < rows; r++) {
      if (pos.has(r)) continue;
      if (seen < k) neg[seen] = r;
      else {
        const j = Math.floor(rand() * (seen + 1));
        if (j < k) neg[j] = r;
      }
      seen++;
    }
  }
  const train = new Int32Array(pos.size + k);
  const y = new Int8Array(pos.size + k);
  let i = 0;
  for (const p of pos) {
    train[i] = p;
    y[i++] = 1;
  }
  for (let j = 0; j < k; j++) {
    train[i] = neg[j]!;
    y[i++] = -1;
  }
  return { train, y };
}

export function trainCategory(X: Csr, c: CategoryInput, params: RankParams): CategoryModel {
  const t0 = performance.now();
  const { train, y } = trainingSet(X.rows, c.positives, params.maxNegatives, c.id);
  const model = trainSvm(X, train, y, { C: params.C, tolerance: params.tolerance, maxEpochs: params.maxEpochs, seed: seedOf(c.id) });
  const negRows = train.subarray(c.positives.length);
  const s = decision(X, model, negRows);
  let mean = 0;
  for (const v of s) mean += v;
  mean /= Math.max(1, s.length);
  let sd = 0;
  for (const v of s) sd += (v - mean) ** 2;
  sd = Math.sqrt(sd / Math.max(1, s.length)) || 1;
  return { ...model, id: c.id, positives: c.positives.length, negatives: negRows.length, mean, sd, ms: performance.now() - t0 };
}

/** The k rows with the highest scores (scores[i] belongs to rows[i]), best first; ties by row. O(n log k). */
export function topK(rows: ArrayLike<number>, scores: ArrayLike<number>, k: number): { row: number; score: number }[] {
  // A min-heap of positions: the worst kept candidate is at the top, replaced by anything better.
  const heap: number[] = [];
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && rows[a]! > rows[b]!);
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  if (k <= 0) return [];
  for (let i = 0; i < rows.length; i++) {
    if (!Number.isFinite(scores[i]!)) continue;
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)).map((i) => ({ row: rows[i]!, score: scores[i]! }));
}

/** The terms of `row` that add most to its score under `w`, largest first. */
export function topTerms(X: Csr, row: number, w: Float64Array, terms: string[], k: number): { term: string; weight: number }[] {
  const out: { term: string; weight: number }[] = [];
  for (let j = X.indptr[row]!; j < X.indptr[row + 1]!; j++) {
    const c = w[X.indices[j]!]! * X.data[j]!;
    if (c > 0) out.push({ term: terms[X.indices[j]!]!, weight: c });
  }
  return out.sort((a, b) => b.weight - a.weight).slice(0, k);
}

/** The rows of `pool` most similar (cosine: rows are unit length) to `row`. */
export function closestRows(X: Csr, row: number, pool: ArrayLike<number>, k: number): { row: number; similarity: number }[] {
  const out: { row: number; similarity: number }[] = [];
  for (let i = 0; i < pool.length; i++) {
    const s = rowDot(X, row, pool[i]!);
    if (s > 0) out.push({ row: pool[i]!, similarity: s });
  }
  return out.sort((a, b) => b.similarity - a.similarity).slice(0, k);
}

export interface RankInput {
  X: Csr;
  terms: string[];
  models: CategoryModel[];
  /** Rows that may be suggested. */
  candidates: Int32Array;
  /** Rows of all catalog papers (for "closest"). */
  catalogRows: Int32Array;
  top: number;
  params: RankParams;
}

export interface Ranking {
  overall: Explained[];
  byCategory: Map<string, Explained[]>;
}

export function rank(input: RankInput): Ranking {
  const { X, models, candidates, top, params } = input;
  const n = candidates.length;
  // z[m][i]: candidate i's z-score in category m.
  const z = models.map((m) => {
    const s = decision(X, m, candidates);
    for (let i = 0; i < n; i++) s[i] = (s[i]! - m.mean) / m.sd;
    return s;
  });
  const best = new Float64Array(n).fill(-Infinity);
  const bestOf = new Int32Array(n).fill(-1);
  for (let m = 0; m < models.length; m++) {
    for (let i = 0; i < n; i++) {
      if (z[m]![i]! > best[i]!) {
        best[i] = z[m]![i]!;
        bestOf[i] = m;
      }
    }
  }
  const position = new Map<number, number>();
  for (let i = 0; i < n; i++) position.set(candidates[i]!, i);
  const explain = (row: number, score: number, m: number): Explained => {
    const i = position.get(row)!;
    const scores = models
      .map((model, k) => ({ category: model.id, score: z[k]![i]! }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3);
    return {
      row,
      score,
      category: models[m]!.id,
      scores,
      terms: topTerms(X, row, models[m]!.w, input.terms, params.explainTerms),
      closest: closestRows(X, row, input.catalogRows, params.explainPapers),
    };
  };
  const overall = models.length ? topK(candidates, best, top).map(({ row, score }) => explain(row, score, bestOf[position.get(row)!]!)) : [];
  const byCategory = new Map<string, Explained[]>();
  models.forEach((model, m) => byCategory.set(model.id, topK(candidates, z[m]!, top).map(({ row, score }) => explain(row, score, m))));
  return { overall, byCategory };
}
