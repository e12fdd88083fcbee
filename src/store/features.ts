/**
 * The ranking's features, kept in the store so a daily run does not recompute the corpus:
 *   - cold (no vocabulary yet, other feature parameters, or the store grew by more than `vocabGrowth` since the
 *     vocabulary was chosen): read every paper's text, choose the vocabulary, count every paper, cache it all;
 *   - warm: vectorize only the chunks of papers that changed — new papers, and papers whose text changed (a trigger
 *     drops their chunk) — against the stored vocabulary.
 * Then the TF-IDF matrix is assembled from the cached counts, with the idf of the current corpus.
 */
import { featureKey, type RankParams } from '../rank/defaults.js';
import { tfidfMatrix, type Csr } from '../rank/matrix.js';
import { packRows, vectorize, vocabularyOf, VocabularyBuilder, type PackedCorpus } from '../rank/vectorize.js';
import { CHUNK_BITS, type FeatureChunk, type Store } from './store.js';

export interface CorpusFeatures {
  terms: string[];
  X: Csr;
  /** Matrix row → the paper's row number in the store. */
  ns: Int32Array;
  rowOf: Map<number, number>;
  generation: number;
  stats: {
    papers: number;
    /** Why the vocabulary was chosen again, when it was. */
    rebuilt?: string;
    /** Papers whose counts were computed in this run (all on a rebuild). */
    vectorized: number;
    ms: { vectorize: number; load: number; matrix: number };
  };
}

/** Chunks written per transaction. */
const CACHE_BATCH = 64;

/** Splits papers (in row order) into the store's chunks. */
function chunksOf(ns: Int32Array, corpus: PackedCorpus): FeatureChunk[] {
  const out: FeatureChunk[] = [];
  let i = 0;
  while (i < ns.length) {
    const chunk = ns[i]! >> CHUNK_BITS;
    let j = i;
    while (j < ns.length && ns[j]! >> CHUNK_BITS === chunk) j++;
    const base = corpus.offsets[i]!;
    out.push({ chunk, ns: ns.subarray(i, j), offsets: corpus.offsets.subarray(i, j + 1).map((o) => o - base), data: corpus.data.subarray(base, corpus.offsets[j]!) });
    i = j;
  }
  return out;
}

function putAll(store: Store, generation: number, chunks: FeatureChunk[]): void {
  for (let i = 0; i < chunks.length; i += CACHE_BATCH) store.putChunks(generation, chunks.slice(i, i + CACHE_BATCH));
}

export function loadFeatures(store: Store, params: RankParams): CorpusFeatures {
  const key = featureKey(params);
  const count = store.count();
  const vocab = store.currentVocab();
  const rebuilt = !vocab
    ? 'no vocabulary yet'
    : vocab.params !== key
      ? 'the feature parameters changed'
      : count > vocab.docs * (1 + params.vocabGrowth)
        ? `the store grew from ${vocab.docs} to ${count} papers`
        : undefined;
  const t0 = performance.now();
  let generation: number;
  let terms: string[];
  let vectorized = 0;
  let corpus: PackedCorpus;
  let ns: Int32Array;
  let tLoad = 0;
  if (rebuilt) {
    const builder = new VocabularyBuilder(params);
    const order: number[] = [];
    for (const batch of store.allTexts()) {
      for (const p of batch) {
        builder.add(p);
        order.push(p.n);
      }
    }
    ({ terms, corpus } = builder.finish());
    ns = Int32Array.from(order);
    generation = store.replaceVocab(key, count, terms);
    putAll(store, generation, chunksOf(ns, corpus));
    vectorized = ns.length;
  } else {
    generation = vocab!.generation;
    terms = vocab!.terms;
    const stale = store.staleChunks(generation);
    if (stale.length) {
      const v = vocabularyOf(terms);
      const chunks: FeatureChunk[] = [];
      for (const c of stale) {
        const texts = store.chunkTexts(c);
        const packed = packRows(texts.map((p) => vectorize(p, v, params)));
        chunks.push({ chunk: c, ns: Int32Array.from(texts, (p) => p.n), offsets: packed.offsets, data: packed.data });
        vectorized += texts.length;
      }
      putAll(store, generation, chunks);
    }
    const t1 = performance.now();
    const loaded = [...store.featureChunks(generation)];
    let papers = 0;
    let nnz = 0;
    for (const c of loaded) {
      papers += c.ns.length;
      nnz += c.data.length;
    }
    ns = new Int32Array(papers);
    corpus = { offsets: new Int32Array(papers + 1), data: new Uint32Array(nnz) };
    let i = 0;
    let k = 0;
    for (const c of loaded) {
      ns.set(c.ns, i);
      for (let j = 0; j < c.ns.length; j++) corpus.offsets[i + j + 1] = k + c.offsets[j + 1]!;
      corpus.data.set(c.data, k);
      i += c.ns.length;
      k += c.data.length;
    }
    tLoad = performance.now() - t1;
  }
  const tVectorize = performance.now() - t0 - tLoad;
  const t2 = performance.now();
  const { X } = tfidfMatrix(corpus, terms.length, { ...params, shared: true });
  const rowOf = new Map<number, number>();
  for (let i = 0; i < ns.length; i++) rowOf.set(ns[i]!, i);
  return {
    terms,
    X,
    ns,
    rowOf,
    generation,
    stats: { papers: ns.length, ...(rebuilt ? { rebuilt } : {}), vectorized, ms: { vectorize: tVectorize, load: tLoad, matrix: performance.now() - t2 } },
  };
}
