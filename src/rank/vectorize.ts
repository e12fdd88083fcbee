/**
 * Pure: texts → term counts over a vocabulary. Two ways in, with identical results for the same text:
 *   - VocabularyBuilder: the cold path over a whole corpus — counts document frequencies, chooses the vocabulary
 *     (minDf ≤ df ≤ maxDf·n, then the maxFeatures most frequent terms, as scikit-learn does) and counts every paper.
 *     Words are interned to integers and bigrams keyed by a pair of integers, and bigrams are only counted when both
 *     words pass minDf (a bigram is never more frequent than its words): this keeps a 75k-paper corpus to seconds
 *     and a few hundred MB.
 *   - vectorize(): the warm path for a few new papers against a stored vocabulary.
 *
 * A paper's counts are packed in one Uint32Array, sorted by term: `term << 8 | min(count, 255)` (the feature cache's
 * format; a count above 255 in one abstract changes 1 + ln(tf) by less than 1 %).
 */
import { dfBounds, type RankParams } from './defaults.js';
import { growInt, PairMap, WordTable } from './tables.js';
import { paperText, prepare, scanWords, STOP_WORDS, words } from './tokenize.js';

export type PackedRow = Uint32Array;

/** Many papers' packed counts in one array: paper i is data[offsets[i]] … data[offsets[i + 1] - 1]. */
export interface PackedCorpus {
  offsets: Int32Array;
  data: Uint32Array;
}

export function packRows(rows: PackedRow[]): PackedCorpus {
  const offsets = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i]! + rows[i]!.length;
  const data = new Uint32Array(offsets[rows.length]!);
  for (let i = 0; i < rows.length; i++) data.set(rows[i]!, offsets[i]!);
  return { offsets, data };
}

export const rowOf = (c: PackedCorpus, i: number): PackedRow => c.data.subarray(c.offsets[i]!, c.offsets[i + 1]!);

export interface Vocabulary {
  terms: string[];
  index: Map<string, number>;
}

export const MAX_COUNT = 255;

export function vocabularyOf(terms: string[]): Vocabulary {
  return { terms, index: new Map(terms.map((t, i) => [t, i])) };
}

type Text = { title: string; abstract: string; authors: string[] };
type FeatureParams = Pick<RankParams, 'ngramMax' | 'minDf' | 'maxDf' | 'maxFeatures' | 'titleWeight' | 'authors'>;

/** Packs a term → count map, sorted by term. */
function pack(counts: Map<number, number>): PackedRow {
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const out = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = (keys[i]! << 8) | Math.min(counts.get(keys[i]!)!, MAX_COUNT);
  return out;
}

/** The warm path: one paper's counts over an existing vocabulary. */
export function vectorize(p: Text, vocab: Vocabulary, params: FeatureParams): PackedRow {
  const ws = words(paperText(p, params.titleWeight, params.authors));
  const counts = new Map<number, number>();
  const add = (term: string) => {
    const i = vocab.index.get(term);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  };
  for (let i = 0; i < ws.length; i++) {
    add(ws[i]!);
    if (params.ngramMax >= 2 && i + 1 < ws.length) add(ws[i]! + ' ' + ws[i + 1]!);
  }
  return pack(counts);
}

/** The cold path over a corpus: add() every paper, then finish(). */
export class VocabularyBuilder {
  private readonly table = new WordTable();
  /** Ids below this are stop words (they are interned first). */
  private readonly stopIds: number;
  private wordDf = new Int32Array(1 << 16);
  private wordTf = new Int32Array(1 << 16);
  private wordLast = new Int32Array(1 << 16).fill(-1);
  /**
   * Every paper's sequence of word ids (stop words removed), all in one growing array: paper d is
   * words[starts[d]] … words[starts[d + 1] - 1]. (One array, not one per paper: each small typed array would get a
   * backing store of its own, and their allocation and collection cost more than the counting — measured.)
   */
  private words = new Int32Array(1 << 20);
  private starts = new Int32Array(1 << 14);
  private n = 0;

  constructor(private readonly params: FeatureParams) {
    if (params.ngramMax < 1 || params.ngramMax > 2) throw new RangeError('ngramMax must be 1 or 2');
    for (const w of STOP_WORDS) this.table.intern(w, 0, w.length, WordTable.hash(w, 0, w.length));
    this.stopIds = this.table.size;
  }

  get size(): number {
    return this.n;
  }

  private doc(d: number): Int32Array {
    return this.words.subarray(this.starts[d]!, this.starts[d + 1]!);
  }

  add(p: Text): void {
    const s = prepare(paperText(p, this.params.titleWeight, this.params.authors));
    const d = this.n;
    let at = this.starts[d]!;
    scanWords(s, (start, end, hash) => {
      const id = this.table.intern(s, start, end, hash);
      if (id < this.stopIds) return;
      if (id >= this.wordDf.length) {
        this.wordDf = growInt(this.wordDf, id + 1);
        this.wordTf = growInt(this.wordTf, id + 1);
        const last = new Int32Array(this.wordDf.length).fill(-1);
        last.set(this.wordLast);
        this.wordLast = last;
      }
      if (at === this.words.length) this.words = growInt(this.words, at + 1);
      this.words[at++] = id;
      this.wordTf[id]!++;
      if (this.wordLast[id] !== d) {
        this.wordLast[id] = d;
        this.wordDf[id]!++;
      }
    });
    this.n++;
    if (this.n + 1 >= this.starts.length) this.starts = growInt(this.starts, this.n + 2);
    this.starts[this.n] = at;
  }

  /** Chooses the vocabulary and returns it with every paper's packed counts, in the order they were added. */
  finish(): { terms: string[]; corpus: PackedCorpus } {
    const { maxFeatures, ngramMax } = this.params;
    const n = this.n;
    const { minDf, maxCount } = dfBounds(this.params, n);
    const W = this.table.size;
    const wordDf = this.wordDf;
    const wordTf = this.wordTf;
    // Bigram statistics, only for pairs of words that both pass minDf. Counted by bucketing every occurrence by its
    // first word, then sweeping each bucket with dense per-word counters: sequential memory access, where a hash
    // table of millions of pairs would miss the cache at every occurrence (measured 5× slower).
    const pairA: number[] = [];
    const pairB: number[] = [];
    const pairTf: number[] = [];
    const pairDf: number[] = [];
    if (ngramMax >= 2) {
      const start = new Int32Array(W + 1);
      for (let d = 0; d < n; d++) {
        const doc = this.doc(d);
        for (let i = 0; i + 1 < doc.length; i++) if (wordDf[doc[i]!]! >= minDf && wordDf[doc[i + 1]!]! >= minDf) start[doc[i]! + 1]!++;
      }
      for (let w = 0; w < W; w++) start[w + 1]! += start[w]!;
      const total = start[W]!;
      const second = new Int32Array(total);
      const docOf = new Int32Array(total);
      const cursor = start.slice(0, W);
      for (let d = 0; d < n; d++) {
        const doc = this.doc(d);
        for (let i = 0; i + 1 < doc.length; i++) {
          const a = doc[i]!;
          const b = doc[i + 1]!;
          if (wordDf[a]! >= minDf && wordDf[b]! >= minDf) {
            const k = cursor[a]!++;
            second[k] = b;
            docOf[k] = d;
          }
        }
      }
      const tf = new Int32Array(W);
      const df = new Int32Array(W);
      const last = new Int32Array(W).fill(-1);
      const seen: number[] = [];
      for (let a = 0; a < W; a++) {
        for (let k = start[a]!; k < start[a + 1]!; k++) {
          const b = second[k]!;
          if (tf[b] === 0) seen.push(b);
          tf[b]!++;
          if (last[b] !== docOf[k]) {
            last[b] = docOf[k]!;
            df[b]!++;
          }
        }
        for (const b of seen) {
          if (df[b]! >= minDf && df[b]! <= maxCount) {
            pairA.push(a);
            pairB.push(b);
            pairTf.push(tf[b]!);
            pairDf.push(df[b]!);
          }
          tf[b] = 0;
          df[b] = 0;
          last[b] = -1;
        }
        seen.length = 0;
      }
    }
    // Terms within the df bounds; the maxFeatures most frequent win. Find the frequency threshold with a histogram
    // (most candidates are rare), then sort only the terms at or above it.
    const ok = (df: number) => df >= minDf && df <= maxCount;
    const histogram = new Map<number, number>();
    const count = (tf: number) => histogram.set(tf, (histogram.get(tf) ?? 0) + 1);
    for (let w = this.stopIds; w < W; w++) if (ok(wordDf[w]!)) count(wordTf[w]!);
    for (let k = 0; k < pairTf.length; k++) count(pairTf[k]!);
    const levels = [...histogram.keys()].sort((a, b) => b - a);
    let threshold = 0;
    let above = 0;
    for (const tf of levels) {
      threshold = tf;
      above += histogram.get(tf)!;
      if (above >= maxFeatures) break;
    }
    type Cand = { a: number; b: number; tf: number; term: string };
    const cands: Cand[] = [];
    for (let w = this.stopIds; w < W; w++) if (ok(wordDf[w]!) && wordTf[w]! >= threshold) cands.push({ a: w, b: -1, tf: wordTf[w]!, term: this.table.word(w) });
    for (let k = 0; k < pairTf.length; k++) {
      if (pairTf[k]! >= threshold) cands.push({ a: pairA[k]!, b: pairB[k]!, tf: pairTf[k]!, term: `${this.table.word(pairA[k]!)} ${this.table.word(pairB[k]!)}` });
    }
    const byTerm = (x: Cand, y: Cand) => (x.term < y.term ? -1 : x.term > y.term ? 1 : 0);
    cands.sort((x, y) => y.tf - x.tf || byTerm(x, y));
    // Term ids in alphabetical order, like scikit-learn's vocabulary_.
    const chosen = cands.slice(0, maxFeatures).sort(byTerm);
    const terms = chosen.map((c) => c.term);
    const wordFeature = new Int32Array(W).fill(-1);
    const pairEntries: [number, number, number][] = [];
    chosen.forEach((c, f) => {
      if (c.b < 0) wordFeature[c.a] = f;
      else pairEntries.push([c.a, c.b, f]);
    });
    const pairFeature = new PairMap(pairEntries);
    // Every paper's counts, with one scratch array, into one flat array (rows are views of it).
    const scratch = new Int32Array(terms.length);
    const touched = new Int32Array(terms.length);
    let flat = new Uint32Array(Math.max(1024, this.starts[n]!));
    const offsets = new Int32Array(n + 1);
    let at = 0;
    for (let d = 0; d < n; d++) {
      const doc = this.doc(d);
      let m = 0;
      for (let i = 0; i < doc.length; i++) {
        const f = wordFeature[doc[i]!]!;
        if (f >= 0) {
          if (scratch[f] === 0) touched[m++] = f;
          scratch[f]!++;
        }
        if (ngramMax >= 2 && i + 1 < doc.length) {
          const g = pairFeature.get(doc[i]!, doc[i + 1]!);
          if (g >= 0) {
            if (scratch[g] === 0) touched[m++] = g;
            scratch[g]!++;
          }
        }
      }
      sortPrefix(touched, m);
      if (at + m > flat.length) {
        const bigger = new Uint32Array(Math.max(flat.length * 2, at + m));
        bigger.set(flat);
        flat = bigger;
      }
      for (let j = 0; j < m; j++) {
        const f = touched[j]!;
        flat[at++] = (f << 8) | Math.min(scratch[f]!, MAX_COUNT);
        scratch[f] = 0;
      }
      offsets[d + 1] = at;
    }
    // The word sequences are no longer needed.
    this.words = new Int32Array(0);
    return { terms, corpus: { offsets, data: flat.subarray(0, at) } };
  }
}

/** Sorts a[0 … m-1] in place: insertion sort for the short rows most papers have, the built-in sort otherwise. */
function sortPrefix(a: Int32Array, m: number): void {
  if (m > 48) {
    a.subarray(0, m).sort();
    return;
  }
  for (let i = 1; i < m; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}
