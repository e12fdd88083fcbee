/**
 * arXiv API (Atom): the parser (pure) and batched look-ups by id_list and search queries.
 *
 * Quirks handled here, per id: arXiv answers a malformed id with HTTP 400 and one entry titled "Error"
 * (`…/api/errors#incorrect_id_format_for_X`), and silently leaves unknown ids out of the feed. Both are reported for
 * the id they concern; the other ids of a batch that a malformed id spoiled are asked again without it. A feed that
 * is not XML, not Atom, cut short or not UTF-8 is a fault of the answer (retried by the client, never cached).
 * An empty feed for a batch of several ids is the API's known transient hiccup: asked once more before the ids are
 * called unknown.
 */
import { createRequire } from 'node:module';
import type { SaxesParser as Saxes } from 'saxes';
import { HttpError, type HttpClient, type HttpResponse } from './http.js';
import { chunk, decodeUtf8, found, missing, squash, unavailable, type Found } from './result.js';

export interface ArxivEntry {
  /** Without version, as arXiv writes it (old-style ids lose their subject class: math/0309136). */
  id: string;
  /** The latest version. */
  version: number;
  title: string;
  authors: string[];
  abstract: string;
  /** Day of the first version (v1), YYYY-MM-DD. */
  published: string;
  /** Day of the latest version, YYYY-MM-DD. */
  updated: string;
  doi?: string;
  journalRef?: string;
  comment?: string;
  primaryCategory?: string;
  categories: string[];
}

export interface ArxivFeed {
  entries: ArxivEntry[];
  /** "Error" entries (malformed ids), and entries that could not be read. */
  errors: { id?: string; message: string }[];
  totalResults?: number;
}

/** The text is not an arXiv Atom feed. */
export class FeedError extends Error {
  override name = 'FeedError';
}

/** Ids per id_list request. arXiv serves up to 2,000 results a page; 100 keeps URLs short and answers quick. */
export const ARXIV_BATCH = 100;

const ABS_ID = /arxiv\.org\/abs\/(.+?)(?:v(\d+))?$/;
const DAY = /^(\d{4}-\d{2}-\d{2})T/;
const DOI = /^10\.\d{4,9}\/\S+$/;

// saxes is loaded when the first feed is parsed (~30 ms): a run answered from the records parses none.
const require = createRequire(import.meta.url);
let SaxesParser: typeof Saxes | undefined;

/** The text of the elements of an entry that the parser keeps (the first of each; authors and categories all). */
interface RawEntry {
  fields: Record<string, string>;
  authors: string[];
  categories: string[];
  primary?: string;
}

/** Children of <entry> whose text is kept. */
const ENTRY_TEXT = new Set(['id', 'title', 'summary', 'published', 'updated', 'arxiv:doi', 'arxiv:journal_ref', 'arxiv:comment']);

/**
 * One pass of saxes, a strict XML parser: it checks the feed is well-formed XML (a feed cut short, stray markup,
 * an undefined entity are errors — a lenient parser would quietly return what it read) while the handlers keep the
 * text of the few elements an entry needs. Returns the root element's name, or throws saxes' error.
 */
function readFeed(xml: string, position: boolean): { root: string; entries: RawEntry[]; totalResults?: string } {
  SaxesParser ??= (require('saxes') as typeof import('saxes')).SaxesParser;
  const sax = new SaxesParser<{ xmlns: false; position: boolean }>({ xmlns: false, position });
  const entries: RawEntry[] = [];
  let root = '';
  let totalResults: string | undefined;
  let depth = 0;
  let entry: RawEntry | undefined;
  // The element whose text is being collected (with its descendants' text), and its depth.
  let field = '';
  let fieldDepth = 0;
  let text = '';
  let inAuthor = false;
  // Text is wanted only inside the kept elements: saxes skips collecting the rest (the white space between tags)
  // while no text handler is set.
  const onText = (t: string) => {
    text += t;
  };
  const collect = (name: string) => {
    field = name;
    fieldDepth = depth;
    text = '';
    sax.on('text', onText);
  };
  sax.on('opentag', (tag) => {
    depth++;
    const name = tag.name;
    if (depth === 1) root = name;
    else if (depth === 2) {
      if (name === 'entry') entry = { fields: {}, authors: [], categories: [] };
      else if (name === 'opensearch:totalResults' && totalResults === undefined) collect(name);
    } else if (entry && !field) {
      if (depth === 3) {
        if (name === 'author') inAuthor = true;
        else if (name === 'category') {
          const term = tag.attributes.term;
          if (term) entry.categories.push(term);
        } else if (name === 'arxiv:primary_category') entry.primary ??= tag.attributes.term || undefined;
        else if (ENTRY_TEXT.has(name) && !(name in entry.fields)) collect(name);
      } else if (depth === 4 && inAuthor && name === 'name') collect(name);
    }
  });
  sax.on('cdata', (t) => {
    if (field) text += t;
  });
  sax.on('closetag', () => {
    if (field && depth === fieldDepth) {
      if (depth === 2) totalResults = text;
      else if (field === 'name') entry!.authors.push(text);
      else entry!.fields[field] = text;
      field = '';
      sax.off('text');
    }
    if (depth === 3) inAuthor = false;
    else if (depth === 2 && entry) {
      entries.push(entry);
      entry = undefined;
    }
    depth--;
  });
  sax.write(xml).close();
  return { root, entries, ...(totalResults !== undefined ? { totalResults } : {}) };
}

/** Parses an arXiv API answer. Throws FeedError when the text is not a well-formed Atom feed. */
export function parseArxivFeed(xml: string): ArxivFeed {
  let read: ReturnType<typeof readFeed>;
  try {
    read = readFeed(xml, false);
  } catch (e) {
    if (/<html[\s>]/i.test(xml.slice(0, 2000))) throw new FeedError(`an HTML page instead of an Atom feed${htmlTitle(xml)}`);
    // Once more with line numbers for the message (tracking them slows every good feed by 10-40 %).
    let message = (e as Error).message;
    try {
      readFeed(xml, true);
    } catch (again) {
      message = (again as Error).message.replace(/^(\d+):\d+: /, 'line $1: ');
    }
    throw new FeedError(`malformed XML (${message.slice(0, 200)})`);
  }
  if (read.root !== 'feed') throw new FeedError(read.root.toLowerCase() === 'html' ? `an HTML page instead of an Atom feed${htmlTitle(xml)}` : 'XML that is not an Atom feed');
  const out: ArxivFeed = { entries: [], errors: [] };
  const total = read.totalResults?.trim();
  if (total && Number.isFinite(Number(total))) out.totalResults = Number(total);
  for (const e of read.entries) {
    const f = e.fields;
    const idText = (f.id ?? '').trim();
    const title = squash(f.title ?? '');
    if (title === 'Error' && /\/api\/errors/.test(idText)) {
      const summary = squash(f.summary ?? '');
      const bad = /incorrect_id_format_for_(.+)$/.exec(idText)?.[1] ?? /^incorrect id format for (.+)$/.exec(summary)?.[1];
      out.errors.push({ ...(bad ? { id: decodeURIComponent(bad) } : {}), message: summary || 'arXiv reported an error' });
      continue;
    }
    const m = ABS_ID.exec(idText);
    const published = DAY.exec((f.published ?? '').trim())?.[1];
    const updated = DAY.exec((f.updated ?? '').trim())?.[1];
    const authors = e.authors.map(squash).filter(Boolean);
    if (!m || !title || !published) {
      out.errors.push({ ...(m ? { id: m[1]! } : {}), message: `an entry without ${!m ? 'an arXiv id' : !title ? 'a title' : 'a publication date'}` });
      continue;
    }
    const doi = squash(f['arxiv:doi'] ?? '').split(' ').find((d) => DOI.test(d));
    const journalRef = squash(f['arxiv:journal_ref'] ?? '');
    const comment = squash(f['arxiv:comment'] ?? '');
    out.entries.push({
      id: m[1]!,
      version: m[2] ? Number(m[2]) : 1,
      title,
      authors,
      abstract: squash(f.summary ?? ''),
      published,
      updated: updated ?? published,
      ...(doi ? { doi } : {}),
      ...(journalRef ? { journalRef } : {}),
      ...(comment ? { comment } : {}),
      ...(e.primary ? { primaryCategory: e.primary } : {}),
      categories: e.categories,
    });
  }
  return out;
}

function htmlTitle(xml: string): string {
  const t = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(xml)?.[1];
  return t ? ` ("${squash(t)}")` : '';
}

/**
 * The key two spellings of one arXiv id share: old-style ids are matched without their subject class
 * (`math.GT/0309136` is arXiv's `math/0309136`), new-style ids as they are.
 */
export function arxivKey(id: string): string {
  const old = /^([a-z-]+)(?:\.[A-Za-z]{2})?\/(\d{7})$/.exec(id);
  return old ? `${old[1]}/${old[2]}` : id;
}

function feedValidator(batchSize: number, sink: { feed?: ArxivFeed }) {
  return (res: HttpResponse): { reason: string; attempts?: number } | undefined => {
    const xml = decodeUtf8(res.body);
    if (xml === undefined) return { reason: 'arXiv sent bytes that are not UTF-8 text' };
    let feed: ArxivFeed;
    try {
      feed = parseArxivFeed(xml);
    } catch (e) {
      // A 400 that is not arXiv's error feed (a proxy's page) will not get better by asking again.
      return { reason: `arXiv sent ${(e as Error).message}`, ...(res.status === 400 ? { attempts: 1 } : {}) };
    }
    if (res.status === 400 && feed.errors.length === 0) return { reason: 'arXiv answered HTTP 400 without saying which id was wrong', attempts: 1 };
    if (batchSize > 1 && feed.entries.length === 0 && feed.errors.length === 0) return { reason: `arXiv returned an empty feed for ${batchSize} ids`, attempts: 2 };
    sink.feed = feed;
    return undefined;
  };
}

/**
 * One feed request. An id_list look-up (`byId`) keeps every id it answers as a record (the entry, or null for an id
 * arXiv does not know), so its answer is kept in the HTTP cache only when it reports errors (malformed ids).
 */
async function requestFeed(client: HttpClient, url: string, batchSize: number, byId = false): Promise<ArxivFeed> {
  const sink: { feed?: ArxivFeed } = {};
  const keep = (): boolean => !byId || !sink.feed || sink.feed.errors.length > 0;
  const res = await client.request({ source: 'arxiv', url, accept: (s) => s === 200 || s === 400, validate: feedValidator(batchSize, sink), keep });
  // An answer from the cache skipped `validate`: it passed it when stored.
  return sink.feed ?? parseArxivFeed(decodeUtf8(res.body) ?? '');
}

export interface ArxivLookupOptions {
  batchSize?: number;
  /** Called after each batch: ids answered so far, ids in all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Looks up arXiv ids (without version) in batches. Every id gets an answer: its entry, or a per-id error
 * (E_ARXIV_BAD_ID, E_ARXIV_NOT_FOUND, E_SOURCE_UNAVAILABLE when arXiv could not be reached or answered garbage).
 */
export async function fetchArxiv(client: HttpClient, api: string, ids: string[], opts: ArxivLookupOptions = {}): Promise<Map<string, Found<ArxivEntry>>> {
  const unique = [...new Set(ids)];
  const results = new Map<string, Found<ArxivEntry>>();
  // Entries fetched recently, in whatever batch, are not asked for again; nor are ids arXiv did not know then.
  for (const id of unique) {
    const hit = client.getRecord<ArxivEntry | null>('arxiv', arxivKey(id));
    if (hit) results.set(id, hit.value ? found(hit.value) : notFound(id, true));
  }
  let done = results.size;
  if (done) opts.onProgress?.(done, unique.length);
  for (const batch of chunk(unique.filter((id) => !results.has(id)), opts.batchSize ?? ARXIV_BATCH)) {
    let pending = batch;
    while (pending.length) {
      const params = new URLSearchParams({ id_list: pending.join(','), start: '0', max_results: String(pending.length) });
      let feed: ArxivFeed;
      try {
        feed = await requestFeed(client, `${api}?${params}`, pending.length, true);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        const empty = e.kind === 'invalid' && /empty feed/.test(e.message);
        for (const id of pending) {
          results.set(id, empty ? notFound(id) : unavailable('arXiv', e.message, e, 'PAPERSHELF_ARXIV_API or arxiv_api'));
        }
        break;
      }
      const byKey = new Map(pending.map((id) => [arxivKey(id), id]));
      const got: [string, ArxivEntry | null][] = [];
      for (const entry of feed.entries) {
        const id = byKey.get(arxivKey(entry.id));
        if (id && !results.has(id)) {
          results.set(id, found(entry));
          got.push([arxivKey(id), entry]);
        }
      }
      let flagged = 0;
      for (const err of feed.errors) {
        const id = err.id !== undefined ? (byKey.get(arxivKey(err.id)) ?? pending.find((p) => p === err.id)) : undefined;
        if (id && !results.has(id)) {
          results.set(id, missing('E_ARXIV_BAD_ID', `arXiv rejects the id "${id}": ${err.message}`, 'an arXiv id looks like 2305.18290 or hep-th/9901001'));
          flagged++;
        }
      }
      const rest = pending.filter((id) => !results.has(id));
      // A malformed id makes arXiv answer the whole request with just the error: ask again for the others.
      if (feed.entries.length === 0 && flagged > 0 && rest.length < pending.length) {
        pending = rest;
        continue;
      }
      const err = feed.errors.find((x) => x.id === undefined);
      for (const id of rest) {
        if (err && feed.entries.length === 0) {
          results.set(id, missing('E_ARXIV_ERROR', `arXiv: ${err.message}`));
        } else {
          results.set(id, notFound(id));
          got.push([arxivKey(id), null]);
        }
      }
      client.putRecords('arxiv', got);
      pending = [];
    }
    done += batch.length;
    opts.onProgress?.(done, unique.length);
  }
  return results;
}

function notFound(id: string, remembered = false): Found<ArxivEntry> {
  return missing(
    'E_ARXIV_NOT_FOUND',
    `arXiv has no paper ${id}`,
    `check the id at https://arxiv.org/abs/${id}: it may be mistyped or belong to another paper${remembered ? ' (this answer is from the cache: --fresh asks arXiv again)' : ''}`,
  );
}

/** One page of an arXiv search (`search_query`, e.g. `ti:"direct preference"`), newest first when asked. */
export async function searchArxiv(
  client: HttpClient,
  api: string,
  query: string,
  opts: { start?: number; max?: number; sortBy?: 'relevance' | 'submittedDate' | 'lastUpdatedDate' } = {},
): Promise<ArxivFeed> {
  const params = new URLSearchParams({ search_query: query, start: String(opts.start ?? 0), max_results: String(Math.min(opts.max ?? 50, 2000)), ...(opts.sortBy ? { sortBy: opts.sortBy, sortOrder: 'descending' } : {}) });
  return requestFeed(client, `${api}?${params}`, 1);
}
