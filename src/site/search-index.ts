/**
 * Writes the search index (format: client/format.ts). The postings are built here in one pass and split into
 * shards by the first character of each term, so the browser downloads only the shards of the words typed
 * (client/engine.ts: MiniSearch's SearchableMap for prefix and typo lookup, BM25 over typed arrays).
 * Pure: model in, files out.
 */
import { createHash } from 'node:crypto';
import { BOOST, deltaEncode, FIELDS, FORMAT_VERSION, ROWS, type MetaFile, type Row } from './client/format.js';
import { shardOf, tokenize } from './client/tokenize.js';
import type { SiteModel, SitePaper } from './model.js';

export interface SearchIndex {
  /** Folder of this build's index, relative to the site root, e.g. "search-data/3f2a9c41d0/". */
  dir: string;
  files: Map<string, string>;
}

/** The text of each searchable field of a paper (FIELDS order); parts are joined by " ; ". */
export function paperFields(model: SiteModel, sp: SitePaper): string[] {
  return paperFieldParts(model, sp).map((parts) => parts.join(' ; '));
}

/** Each field as its parts (one per author, label, note): repeated parts are tokenized once per build. */
function paperFieldParts(model: SiteModel, sp: SitePaper): string[][] {
  const p = sp.p;
  const labels: string[] = [];
  const cats = new Set<string>();
  for (const c of p.categories) for (const id of model.categories.get(c)?.flat.path ?? [c]) cats.add(id);
  for (const id of cats) {
    const node = model.categories.get(id)?.node;
    labels.push(id, node?.name.en ?? '', node?.name.zh ?? '');
  }
  for (const id of p.tags ?? []) {
    const tg = model.tags.get(id);
    labels.push(id, tg?.name.en ?? '', tg?.name.zh ?? '');
  }
  return [
    [p.title],
    p.authors ?? [],
    [[p.arxiv, p.doi, p.id, sp.stem].filter(Boolean).join(' ')],
    labels.filter(Boolean),
    [p.why?.en ?? ''],
    [p.why?.zh ?? ''],
    [p.venue ?? '', ...(p.notes ?? []).map((n) => n.title)],
  ];
}

/** The text cut to at most `max` characters (code points) at a word boundary when one is near, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const trimmed = text.trim();
  // Fewer UTF-16 units than `max` means fewer characters too: nothing to cut (most reasons).
  if (trimmed.length <= max) return trimmed;
  let end = 0; // UTF-16 offset just past the first `max` characters
  let count = 0;
  while (end < trimmed.length && count < max) {
    end += trimmed.codePointAt(end)! > 0xffff ? 2 : 1;
    count++;
  }
  if (end >= trimmed.length) return trimmed;
  const cut = trimmed.slice(0, end);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:，。；：、]+$/, '') + '…';
}

export function shortAuthors(authors: string[] | undefined, etAl?: boolean): string {
  if (!authors?.length) return '';
  if (authors.length <= 3 && !etAl) return authors.join(', ');
  return authors.slice(0, 3).join(', ') + ' et al.';
}

/** Numbers per chunk of postings (a multiple of 3). */
const CHUNK = 3 << 18;

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Every (term, field, paper, tf) posting, in paper order, as [term * fields + field, paper, tf] triples. */
function collectPostings(model: SiteModel): { termList: string[]; chunks: Int32Array[] } {
  const nFields = FIELDS.length;
  // Numbers in typed-array chunks: at 100k papers there are ~10M postings; one small JS array per term and field
  // made the garbage collector the main cost, and one array grown by doubling held up to three times the postings
  // while it grew.
  const termIds = new Map<string, number>();
  const termList: string[] = [];
  const chunks: Int32Array[] = [];
  let chunk = new Int32Array(CHUNK);
  let used = 0; // in `chunk`
  // Term frequencies of one field: counts by term id, and the ids in order of first occurrence.
  let tfCount: Int32Array = new Int32Array(1 << 16);
  const tfIds: number[] = [];
  // Names of categories and tags, authors and venues recur across papers: tokenize each distinct one once.
  const memo = new Map<string, string[]>();
  const terms = (text: string, shared: boolean): string[] => {
    if (!shared) return tokenize(text);
    let t = memo.get(text);
    if (!t) memo.set(text, (t = tokenize(text)));
    return t;
  };
  for (const sp of model.papers) {
    const fields = paperFieldParts(model, sp);
    for (let f = 0; f < nFields; f++) {
      const shared = f === 1 || f === 3 || f === 6;
      for (const part of fields[f]!) {
        for (const term of terms(part, shared)) {
          let id = termIds.get(term);
          if (id === undefined) {
            termIds.set(term, (id = termList.push(term) - 1));
            if (id === tfCount.length) tfCount = grow(tfCount);
          }
          if (tfCount[id]!++ === 0) tfIds.push(id);
        }
      }
      for (const id of tfIds) {
        if (used === CHUNK) (chunks.push(chunk), (chunk = new Int32Array(CHUNK)), (used = 0));
        chunk[used++] = id * nFields + f;
        chunk[used++] = sp.n;
        chunk[used++] = tfCount[id]!;
        tfCount[id] = 0;
      }
      tfIds.length = 0;
    }
  }
  chunks.push(chunk.subarray(0, used));
  return { termList, chunks };
}

/**
 * A counting sort of the postings by (term, field), stable, so each list stays in paper order: `sorted` holds
 * [paper, tf] pairs, those of slot k from start[k] to start[k + 1].
 */
function sortPostings(chunks: Int32Array[], slots: number): { start: Int32Array; sorted: Int32Array } {
  const start = new Int32Array(slots + 1);
  let total = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i += 3) start[c[i]! + 1]!++;
    total += c.length / 3;
  }
  for (let k = 0; k < slots; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, slots);
  const sorted = new Int32Array(total * 2);
  for (const c of chunks) {
    for (let i = 0; i < c.length; i += 3) {
      const j = at[c[i]!]!++ * 2;
      sorted[j] = c[i + 1]!;
      sorted[j + 1] = c[i + 2]!;
    }
  }
  chunks.length = 0;
  return { start, sorted };
}

/** Each term's postings as JSON text (format.ts), grouped by shard. */
function encodeShards(termList: string[], start: Int32Array, sorted: Int32Array): Map<string, string[]> {
  const nFields = FIELDS.length;
  const shards = new Map<string, string[]>();
  const codes: number[] = [];
  for (let t = 0; t < termList.length; t++) {
    const term = termList[t]!;
    codes.length = 0;
    for (let f = 0; f < nFields; f++) {
      const k = t * nFields + f;
      if (start[k] === start[k + 1]) continue;
      codes.push(-1 - f);
      let prev = 0;
      for (let i = start[k]! * 2; i < start[k + 1]! * 2; i += 2) {
        const n = sorted[i]!;
        codes.push((n - prev) * 4 + Math.min(sorted[i + 1]!, 4) - 1);
        prev = n;
      }
    }
    const s = shardOf(term);
    (shards.get(s) ?? shards.set(s, []).get(s)!).push(`[${JSON.stringify(term)},${codes.join(',')}]`);
  }
  return shards;
}

/**
 * The postings of every term, as the JSON text of each, grouped by shard. Each step is a function of its own: V8 then
 * optimizes each hot loop with the types it sees, instead of recompiling one big function as every loop in turn gets
 * hot. Only the text is returned: the typed arrays (100+ MB at 100k papers) are garbage once this returns.
 */
function termShards(model: SiteModel): Map<string, string[]> {
  const { termList, chunks } = collectPostings(model);
  const { start, sorted } = sortPostings(chunks, termList.length * FIELDS.length);
  return encodeShards(termList, start, sorted);
}

export function buildSearchIndex(model: SiteModel): SearchIndex {
  const shards = termShards(model);
  const files = new Map<string, string>();
  const shardNames = [...shards.keys()].sort();
  for (const s of shardNames) files.set(`t/${s}.json`, `{"terms":[${shards.get(s)!.join(',')}]}`);

  const flat = [...model.categories.values()];
  const catIndex = new Map(flat.map((c, i) => [c.id, i]));
  const tagIds = [...model.tags.keys()];
  const years = model.papers.map((sp) => sp.year).filter((y): y is number => y !== undefined);
  const y0 = years.length ? Math.min(...years) : 0;
  const meta: MetaFile = {
    format: FORMAT_VERSION,
    n: model.papers.length,
    shards: shardNames,
    y0,
    years: model.papers.map((sp) => (sp.year === undefined ? -1 : sp.year - y0)),
    cats: flat.map((c) => c.id),
    catParent: flat.map((c) => (c.flat.parent ? catIndex.get(c.flat.parent)! : -1)),
    catPapers: flat.map((c) => deltaEncode(c.own.map((sp) => sp.n))),
    tags: tagIds,
    tagPapers: tagIds.map((id) => deltaEncode(model.tags.get(id)!.papers.map((sp) => sp.n))),
    code: deltaEncode(model.papers.filter((sp) => sp.p.links?.code).map((sp) => sp.n)),
  };
  files.set('meta.json', JSON.stringify(meta));

  for (let k = 0; k * ROWS < model.papers.length; k++) {
    const rows: Row[] = model.papers.slice(k * ROWS, (k + 1) * ROWS).map((sp) => [
      sp.stem,
      sp.p.title,
      shortAuthors(sp.p.authors, sp.p.et_al),
      sp.p.date ?? '',
      sp.p.venue ?? '',
      truncate(sp.p.why?.en ?? '', 200),
      truncate(sp.p.why?.zh ?? '', 90),
      [...new Set(sp.p.categories)].map((c) => catIndex.get(c) ?? -1).filter((i) => i >= 0),
    ]);
    files.set(`r/${k}.json`, JSON.stringify({ rows }));
  }
  const byAdded = [...model.papers].sort((a, b) => (a.p.added === b.p.added ? a.n - b.n : a.p.added < b.p.added ? 1 : -1));
  files.set('o/added.json', JSON.stringify(byAdded.map((sp) => sp.n)));
  const titleKey = model.papers.map((sp) => sp.p.title.toLowerCase());
  const byTitle = model.papers.map((sp) => sp.n).sort((a, b) => (titleKey[a]! < titleKey[b]! ? -1 : titleKey[a]! > titleKey[b]! ? 1 : a - b));
  files.set('o/title.json', JSON.stringify(byTitle));

  const hash = createHash('sha256');
  hash.update(JSON.stringify(BOOST));
  for (const [name, content] of files) hash.update(name).update(content);
  const dir = `search-data/${hash.digest('hex').slice(0, 10)}/`;
  return { dir, files: new Map([...files].map(([name, content]) => [dir + name, content])) };
}
