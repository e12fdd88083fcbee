/**
 * Every parameter of discovery's ranking, in one place. The starting point is the arxiv-sanity-lite recipe
 * (TF-IDF on title + abstract + authors, a linear SVM per tag with the tagged papers as positives and every other
 * paper as negative); where a value differs from that recipe, the comment says what measurement
 * (bench/discover.bench.mjs, on 74,728 real cs papers) made it differ.
 */
export const RANK_DEFAULTS = {
  // ---- features (changing any of these rebuilds the cached vocabulary and features) ----
  /** Longest n-gram: unigrams and bigrams (bigrams skip stop words, as scikit-learn forms them). */
  ngramMax: 2,
  /** A term must occur in at least this many papers… */
  minDf: 5,
  /** …and in at most this share of them (drops words every abstract uses). */
  maxDf: 0.1,
  /** Vocabulary size: the most frequent terms that pass minDf/maxDf. */
  maxFeatures: 20_000,
  /**
   * How many times the title counts: titles are the densest statement of a topic. 1 in the recipe; 2 raised mean
   * P@50 on the benchmark topics (see DESIGN.md, Discovery).
   */
  titleWeight: 2,
  /** Authors are part of the text (shared authors are a strong signal), as in the recipe. */
  authors: true,
  /** tf → 1 + ln(tf), idf = ln((1 + n) / (1 + df)) + 1, rows scaled to unit length: the recipe's TF-IDF. */
  sublinearTf: true,
  smoothIdf: true,

  // ---- the feature cache ----
  /** Choose the vocabulary again once the store has grown by this share since it was chosen (new terms appear). */
  vocabGrowth: 0.25,

  // ---- the classifier: L2-regularized, squared-hinge linear SVM (liblinear's dual coordinate descent) ----
  /** Regularization, as in the recipe; both classes are weighted "balanced" (n / (2 · n_class)). */
  C: 0.01,
  /**
   * Stopping tolerance on the projected gradient. The recipe asks liblinear for 1e-6; at 0.1 training stops after
   * ~8 passes instead of ~18 at 1e-3 and the benchmark's P@50 and recall@200 are unchanged (measured): ranking needs
   * the direction of w, not its last digits.
   */
  tolerance: 0.1,
  /** Passes over the data at most. */
  maxEpochs: 200,
  /**
   * Negatives are every other paper, or a fixed random sample of this many when there are more. The recipe uses
   * all; sampling 10,000 of the 74,728 trains ~7× faster with the same ranking quality within noise (mean P@50 0.940
   * vs 0.948, recall@200 0.575 vs 0.578 on the benchmark topics), and keeps training time flat as the store grows.
   */
  maxNegatives: 10_000,

  // ---- discover ----
  /** A catalog category with fewer papers (with abstracts in the store) gets no classifier of its own. */
  minPositives: 3,
  /** Terms and closest catalog papers shown per suggestion. */
  explainTerms: 6,
  explainPapers: 3,
};

export type RankParams = typeof RANK_DEFAULTS;

/**
 * The document-frequency bounds for a corpus of n papers. minDf and maxDf are meant for thousands of papers (a
 * topic's words are in well under 10 % of them); a small store (a first day of harvest, the tests) would keep no
 * term at all, so below 1,000 papers maxDf is raised to 0.5 and minDf lowered to 2 (to 1 below 50 papers).
 */
export function dfBounds(p: Pick<RankParams, 'minDf' | 'maxDf'>, n: number): { minDf: number; maxCount: number } {
  const small = n < 1000;
  const minDf = small ? Math.min(p.minDf, n < 50 ? 1 : 2) : p.minDf;
  const maxDf = small ? Math.max(p.maxDf, 0.5) : p.maxDf;
  return { minDf, maxCount: Math.floor(maxDf * n) };
}

/** The parameters that define the cached features: another value means another vocabulary. */
export function featureKey(p: RankParams): string {
  return JSON.stringify({ v: 1, ngramMax: p.ngramMax, minDf: p.minDf, maxDf: p.maxDf, maxFeatures: p.maxFeatures, titleWeight: p.titleWeight, authors: p.authors });
}
