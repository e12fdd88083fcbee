/**
 * Pure: a linear SVM — L2-regularized, squared hinge loss, with an intercept that is regularized like a weight of a
 * constant feature 1 — trained by dual coordinate descent with shrinking (Hsieh et al., ICML 2008), the solver
 * liblinear uses for scikit-learn's LinearSVC (dual=True). So with the same C, class weights and tolerance this
 * finds the same separating direction as the recipe's `LinearSVC(C=0.01, class_weight='balanced')`.
 */
import type { Csr } from './matrix.js';

export interface SvmOptions {
  C: number;
  /** Stopping tolerance on the projected gradient (liblinear's eps). */
  tolerance: number;
  maxEpochs: number;
  /** Shuffles the order of coordinates each epoch (deterministic). */
  seed?: number;
}

export interface LinearModel {
  w: Float64Array;
  b: number;
  epochs: number;
}

/** A small deterministic generator (mulberry32), so training is reproducible. */
export function random32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Trains on the rows listed in `rows` with labels `y` (+1 / -1, same order). Class weights are "balanced":
 * C_class = C · n / (2 · n_class).
 */
export function trainSvm(X: Csr, rows: Int32Array, y: Int8Array, opts: SvmOptions): LinearModel {
  const l = rows.length;
  let npos = 0;
  for (let i = 0; i < l; i++) if (y[i]! > 0) npos++;
  const nneg = l - npos;
  const Cp = npos ? (opts.C * l) / (2 * npos) : opts.C;
  const Cn = nneg ? (opts.C * l) / (2 * nneg) : opts.C;
  const diagP = 0.5 / Cp;
  const diagN = 0.5 / Cn;
  const { indptr, indices, data } = X;
  const w = new Float64Array(X.cols);
  let b = 0;
  const alpha = new Float64Array(l);
  const QD = new Float64Array(l);
  for (let s = 0; s < l; s++) {
    const r = rows[s]!;
    let q = 1; // the intercept's constant feature
    for (let k = indptr[r]!; k < indptr[r + 1]!; k++) q += data[k]! * data[k]!;
    QD[s] = q + (y[s]! > 0 ? diagP : diagN);
  }
  const index = new Int32Array(l);
  for (let s = 0; s < l; s++) index[s] = s;
  const rand = random32(opts.seed ?? 1);
  let active = l;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  let epoch = 0;
  while (epoch < opts.maxEpochs) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + Math.floor(rand() * (active - s));
      const tmp = index[s]!;
      index[s] = index[j]!;
      index[j] = tmp;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s]!;
      const r = rows[i]!;
      const yi = y[i]!;
      const start = indptr[r]!;
      const end = indptr[r + 1]!;
      let dot = b;
      for (let k = start; k < end; k++) dot += w[indices[k]!]! * data[k]!;
      const G = yi * dot - 1 + alpha[i]! * (yi > 0 ? diagP : diagN);
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > PGmaxOld) {
          active--;
          index[s] = index[active]!;
          index[active] = i;
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else PG = G;
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i]!;
        const a = Math.max(old - G / QD[i]!, 0);
        alpha[i] = a;
        const d = (a - old) * yi;
        for (let k = start; k < end; k++) w[indices[k]!]! += d * data[k]!;
        b += d;
      }
    }
    epoch++;
    if (PGmaxNew - PGminNew <= opts.tolerance) {
      if (active === l) break;
      active = l;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew <= 0 ? Infinity : PGmaxNew;
    PGminOld = PGminNew >= 0 ? -Infinity : PGminNew;
  }
  void PGminOld;
  return { w, b, epochs: epoch };
}

/** w · x_r + b for every row r of X (or the rows listed). */
export function decision(X: Csr, model: { w: Float64Array; b: number }, rows?: ArrayLike<number>): Float64Array {
  const { indptr, indices, data } = X;
  const { w, b } = model;
  const n = rows ? rows.length : X.rows;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    let s = b;
    for (let k = indptr[r]!; k < indptr[r + 1]!; k++) s += w[indices[k]!]! * data[k]!;
    out[i] = s;
  }
  return out;
}
