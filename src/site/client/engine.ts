/**
 * The search engine in the browser. For each word typed it loads the shard holding it and looks the word up in
 * the shard's term dictionary, a MiniSearch SearchableMap (radix tree): the exact term, terms it is a prefix of,
 * and terms within an edit distance (typos: 1 for 4–7 letters, 2 from 8). The postings of the matching terms are
 * scored with BM25 (field boosts; prefix and typo matches weighted down as MiniSearch does) into flat typed
 * arrays, and every word must match (AND); when no paper has every word, papers with most words come first.
 * Measured in DESIGN.md: MiniSearch's own search() builds a result object per matching paper, which costs
 * ~10 ms per word at 10k synthetic papers where a word is in half of them; the flat arrays make it ~1 ms.
 * Independent of the DOM: the tests run it in Node on a built index.
 */
import type SearchableMapType from 'minisearch/SearchableMap';
import { BOOST, deltaDecode, FIELDS, ROWS, type MetaFile, type Row, type RowsFile, type ShardFile } from './format.js';
import { isArxivId, isCjk, shardOf, tokenize } from './tokenize.js';

export type SearchableMapClass = typeof SearchableMapType;
/** Fetches and parses one JSON file of the index, given its path relative to the index folder. */
export type Loader = (path: string) => Promise<unknown>;

export interface Facets {
  /** Category ids; a paper matches when it is in any of them or their sub-categories. */
  cats?: string[];
  tag?: string;
  from?: number;
  to?: number;
  code?: boolean;
}

export type Sort = 'relevance' | 'date' | 'added' | 'title';

export interface Hits {
  /** Paper numbers, in the requested order. */
  ids: number[];
  /** True when the query's words were not all found together and papers with some of them are shown. */
  partial: boolean;
}

const BOOSTS = FIELDS.map((f) => BOOST[f]);
/** BM25 parameters (b = 0: field lengths are not shipped) and the weights of derived terms, as in MiniSearch. */
const K = 1.2;
const D = 0.5;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

interface Shard {
  terms: SearchableMapType<number>;
  postings: ShardFile['terms'];
  decoded: (Decoded | undefined)[];
}

/** A term's postings per field: paper numbers and term frequencies. */
type Decoded = { field: number; docs: Int32Array; tf: Uint8Array }[];

export class Engine {
  meta!: MetaFile;
  private shards = new Map<string, Promise<Shard | undefined>>();
  private rowFiles = new Map<number, Promise<Row[]>>();
  private orders = new Map<string, Promise<Int32Array>>();
  private catDocs: number[][] = [];
  private tagDocs = new Map<string, number[]>();
  private codeSet!: Uint8Array;
  /** For each category index: itself and every category below it. */
  private below: number[][] = [];
  // Per-query scratch arrays, reset through the list of papers touched.
  private score!: Float64Array;
  private hits!: Uint8Array;
  private lastTerm!: Int32Array;

  constructor(
    private readonly load: Loader,
    private readonly SearchableMap: SearchableMapClass,
  ) {}

  async init(): Promise<this> {
    this.meta = (await this.load('meta.json')) as MetaFile;
    this.catDocs = this.meta.catPapers.map(deltaDecode);
    this.meta.tags.forEach((id, i) => this.tagDocs.set(id, deltaDecode(this.meta.tagPapers[i]!)));
    this.codeSet = new Uint8Array(this.meta.n);
    for (const n of deltaDecode(this.meta.code)) this.codeSet[n] = 1;
    const { cats, catParent } = this.meta;
    this.below = cats.map((_, i) => [i]);
    for (let i = 0; i < cats.length; i++) for (let p = catParent[i]!; p >= 0; p = catParent[p]!) this.below[p]!.push(i);
    this.score = new Float64Array(this.meta.n);
    this.hits = new Uint8Array(this.meta.n);
    this.lastTerm = new Int32Array(this.meta.n).fill(-1);
    return this;
  }

  get size(): number {
    return this.meta.n;
  }

  /** Indexes of the category and of every category below it. */
  descendants(id: string): number[] {
    const start = this.meta.cats.indexOf(id);
    return start < 0 ? [] : this.below[start]!;
  }

  /** A predicate over paper numbers for the facets, or undefined when nothing is filtered. */
  filter(f: Facets): ((n: number) => boolean) | undefined {
    const tests: ((n: number) => boolean)[] = [];
    if (f.cats?.length) {
      const mask = new Uint8Array(this.meta.n);
      for (const id of f.cats) for (const c of this.descendants(id)) for (const n of this.catDocs[c]!) mask[n] = 1;
      tests.push((n) => mask[n] === 1);
    }
    if (f.tag) {
      const mask = new Uint8Array(this.meta.n);
      for (const n of this.tagDocs.get(f.tag) ?? []) mask[n] = 1;
      tests.push((n) => mask[n] === 1);
    }
    if (f.code) tests.push((n) => this.codeSet[n] === 1);
    if (f.from !== undefined || f.to !== undefined) {
      const lo = (f.from ?? -Infinity) - this.meta.y0;
      const hi = (f.to ?? Infinity) - this.meta.y0;
      tests.push((n) => {
        const y = this.meta.years[n]!;
        return y >= 0 && y >= lo && y <= hi;
      });
    }
    if (!tests.length) return undefined;
    return (n) => tests.every((t) => t(n));
  }

  /** Counts of the given papers per category (own and sub-categories, each paper once per category). */
  categoryCounts(ids: number[]): number[] {
    const inSet = new Uint8Array(this.meta.n);
    for (const n of ids) inSet[n] = 1;
    // stamp[n] = 1 + the last category that counted paper n, so a paper in two sub-categories counts once.
    const stamp = new Int32Array(this.meta.n);
    return this.below.map((below, k) => {
      let count = 0;
      for (const c of below) {
        for (const n of this.catDocs[c]!) {
          if (inSet[n] && stamp[n] !== k + 1) {
            stamp[n] = k + 1;
            count++;
          }
        }
      }
      return count;
    });
  }

  private shard(name: string): Promise<Shard | undefined> {
    let p = this.shards.get(name);
    if (!p) {
      p = this.meta.shards.includes(name)
        ? this.load(`t/${name}.json`).then((f) => {
            const postings = (f as ShardFile).terms;
            const terms = new this.SearchableMap<number>();
            postings.forEach((posting, i) => terms.set(posting[0] as string, i));
            return { terms, postings, decoded: new Array(postings.length) };
          })
        : Promise.resolve(undefined);
      p.catch(() => this.shards.delete(name));
      this.shards.set(name, p);
    }
    return p;
  }

  private decode(shard: Shard, i: number): Decoded {
    let d = shard.decoded[i];
    if (d) return d;
    d = [];
    const posting = shard.postings[i]!;
    let docs: number[] = [];
    let tf: number[] = [];
    let field = -1;
    const flush = () => field >= 0 && d!.push({ field, docs: Int32Array.from(docs), tf: Uint8Array.from(tf) });
    let prev = 0;
    for (let j = 1; j < posting.length; j++) {
      const v = posting[j] as number;
      if (v < 0) {
        flush();
        field = -1 - v;
        docs = [];
        tf = [];
        prev = 0;
      } else {
        prev += Math.floor(v / 4);
        docs.push(prev);
        tf.push((v % 4) + 1);
      }
    }
    flush();
    return (shard.decoded[i] = d);
  }

  /** Papers matching the query and facets. An empty query lists every paper that passes the facets. */
  async search(query: string, facets: Facets = {}, sort: Sort = 'relevance'): Promise<Hits> {
    const filter = this.filter(facets);
    const terms = [...new Set(tokenize(query))];
    let ids: number[];
    let partial = false;
    if (!terms.length) {
      ids = [];
      for (let n = 0; n < this.meta.n; n++) if (!filter || filter(n)) ids.push(n);
      if (sort === 'relevance') sort = 'date';
    } else {
      const shards = await Promise.all(terms.map((t) => this.shard(shardOf(t))));
      const touched: number[] = [];
      terms.forEach((t, ti) => {
        const shard = shards[ti];
        if (shard) this.scoreTerm(shard, t, ti, touched);
      });
      const { score, hits, lastTerm } = this;
      const all: number[] = [];
      let allWords = 0;
      for (const n of touched) {
        if (!filter || filter(n)) {
          all.push(n);
          if (hits[n] === terms.length) allWords++;
        }
      }
      if (allWords || terms.length === 1) ids = allWords === all.length ? all : all.filter((n) => hits[n] === terms.length);
      else {
        partial = all.length > 0;
        ids = all;
      }
      if (sort === 'relevance') ids.sort((a, b) => hits[b]! - hits[a]! || score[b]! - score[a]! || a - b);
      for (const n of touched) {
        score[n] = 0;
        hits[n] = 0;
        lastTerm[n] = -1;
      }
      if (sort === 'relevance') return { ids, partial };
    }
    if (sort === 'date') ids.sort((a, b) => a - b);
    else {
      const rank = await this.order(sort);
      ids.sort((a, b) => rank[a]! - rank[b]!);
    }
    return { ids, partial };
  }

  /** Adds the BM25 score of one query word (exact, prefix and typo matches) to the scratch arrays. */
  private scoreTerm(shard: Shard, term: string, ti: number, touched: number[]): void {
    const matches = new Map<number, number>();
    const len = term.length;
    const exactIndex = shard.terms.get(term);
    if (exactIndex !== undefined) matches.set(exactIndex, 1);
    for (const [t, i] of shard.terms.atPrefix(term)) {
      if (t === term) continue;
      const w = (PREFIX_WEIGHT * len) / (len + 0.3 * (t.length - len));
      if (w > (matches.get(i) ?? 0)) matches.set(i, w);
    }
    const exact = isCjk(term) || isArxivId(term) || /\d/.test(term) || len < 4;
    if (!exact) {
      for (const [, [i, dist]] of shard.terms.fuzzyGet(term, len >= 8 ? 2 : 1)) {
        if (!dist) continue;
        const w = (FUZZY_WEIGHT * len) / (len + dist);
        if (w > (matches.get(i) ?? 0)) matches.set(i, w);
      }
    }
    const { score, hits, lastTerm } = this;
    const N = this.meta.n;
    for (const [i, weight] of matches) {
      for (const { field, docs, tf } of this.decode(shard, i)) {
        const df = docs.length;
        const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        const w = weight * BOOSTS[field]! * idf;
        for (let j = 0; j < df; j++) {
          const n = docs[j]!;
          const f = tf[j]!;
          score[n] += w * (D + (f * (K + 1)) / (f + K));
          if (lastTerm[n] !== ti) {
            if (lastTerm[n] === -1) touched.push(n);
            lastTerm[n] = ti;
            hits[n]!++;
          }
        }
      }
    }
  }

  /** Rank of each paper in another order ("added", "title"). */
  order(kind: 'added' | 'title'): Promise<Int32Array> {
    let p = this.orders.get(kind);
    if (!p) {
      p = this.load(`o/${kind}.json`).then((list) => {
        const rank = new Int32Array(this.meta.n);
        (list as number[]).forEach((n, i) => (rank[n] = i));
        return rank;
      });
      p.catch(() => this.orders.delete(kind));
      this.orders.set(kind, p);
    }
    return p;
  }

  /** What the results show for the given papers. */
  async rows(ids: number[]): Promise<Map<number, Row>> {
    const chunks = [...new Set(ids.map((n) => Math.floor(n / ROWS)))];
    const loaded = await Promise.all(
      chunks.map((k) => {
        let p = this.rowFiles.get(k);
        if (!p) {
          p = this.load(`r/${k}.json`).then((f) => (f as RowsFile).rows);
          p.catch(() => this.rowFiles.delete(k));
          this.rowFiles.set(k, p);
        }
        return p.then((rows) => [k, rows] as const);
      }),
    );
    const byChunk = new Map(loaded);
    return new Map(ids.map((n) => [n, byChunk.get(Math.floor(n / ROWS))![n % ROWS]!]));
  }
}
