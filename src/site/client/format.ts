/**
 * The search index's file format, shared by the writer (src/site/search-index.ts) and the browser
 * (engine.ts). All files are JSON under `search-data/<version>/`; a new build gets a new version folder, so a
 * reader never mixes files of two builds.
 *
 *   meta.json        MetaFile: paper count, fields, shard names, facets (category/tag/has-code lists, years)
 *   t/<shard>.json   ShardFile: the postings of every term whose first character falls in the shard
 *   r/<k>.json       RowsFile: what a result shows, for papers k·ROWS … k·ROWS+ROWS-1
 *   o/<sort>.json    paper numbers in another order ("added": newest added first, "title": A–Z), loaded on demand
 *
 * Papers are numbered in the site's display order (newest first), so "newest first" is number order.
 * Lists of paper numbers are delta-encoded (each number minus the previous one); they compress well.
 */

/** Searchable fields, in field-id order, and how much a match in each counts. */
export const FIELDS = ['title', 'authors', 'ids', 'labels', 'why_en', 'why_zh', 'notes'] as const;
export const BOOST: Record<(typeof FIELDS)[number], number> = { title: 4, authors: 2.5, ids: 4, labels: 2, why_en: 1, why_zh: 1, notes: 1 };

/** Papers per rows file. */
export const ROWS = 16;
export const FORMAT_VERSION = 1;

export interface MetaFile {
  format: number;
  /** Number of papers. */
  n: number;
  shards: string[];
  /** First year; `years[i]` is the paper's year minus y0, or -1 when undated. */
  y0: number;
  years: number[];
  /** Category ids in display order, with the index of each parent (-1 at the top). */
  cats: string[];
  catParent: number[];
  /** Delta-encoded paper numbers per category (its own papers, not its sub-categories'). */
  catPapers: number[][];
  tags: string[];
  tagPapers: number[][];
  /** Delta-encoded numbers of papers with a code link. */
  code: number[];
}

/**
 * One term's postings: [term, fieldId, codes…, fieldId, codes…]. Field ids are negative (−1 − id) to separate
 * them from codes; a code is (delta of paper number) · 4 + min(term frequency, 4) − 1.
 */
export type Posting = (string | number)[];
export interface ShardFile {
  terms: Posting[];
}

/** [stem, title, authors (shortened), date, venue, reason en, reason zh, direct category indexes] */
export type Row = [string, string, string, string, string, string, string, number[]];
export interface RowsFile {
  rows: Row[];
}

export function deltaEncode(sorted: number[]): number[] {
  const out = new Array<number>(sorted.length);
  let prev = 0;
  for (let i = 0; i < sorted.length; i++) {
    out[i] = sorted[i]! - prev;
    prev = sorted[i]!;
  }
  return out;
}

export function deltaDecode(deltas: number[]): number[] {
  const out = new Array<number>(deltas.length);
  let prev = 0;
  for (let i = 0; i < deltas.length; i++) out[i] = prev += deltas[i]!;
  return out;
}
