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
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
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

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'entry' || name === 'author' || name === 'link' || name === 'category',
});

type Node = Record<string, unknown> | string | undefined;

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  if (node && typeof node === 'object' && '#text' in node) return String((node as { '#text': unknown })['#text']);
  return '';
}

const attr = (node: unknown, name: string): string | undefined => (node && typeof node === 'object' ? ((node as Record<string, unknown>)[name] as string | undefined) : undefined);

const ABS_ID = /arxiv\.org\/abs\/(.+?)(?:v(\d+))?$/;
const DAY = /^(\d{4}-\d{2}-\d{2})T/;
const DOI = /^10\.\d{4,9}\/\S+$/;

/**
 * Parses an arXiv API answer. Throws FeedError when the text is not a well-formed Atom feed. `wellFormed` skips the
 * syntax check (a third of the time) for text that passed it before: answers from the cache were checked when stored.
 */
export function parseArxivFeed(xml: string, opts: { wellFormed?: boolean } = {}): ArxivFeed {
  // The validator throws (or, in older releases, returns) an error for XML that is cut short or not XML at all;
  // the parser alone would quietly return what it read.
  let problem: { line?: number; message: string } | undefined;
  try {
    const check = opts.wellFormed ? true : (SyntaxValidator.validate(xml) as true | { err: { line: number; msg: string } });
    if (check !== true) problem = { line: check.err.line, message: check.err.msg };
  } catch (e) {
    problem = { line: (e as { line?: number }).line, message: (e as Error).message };
  }
  if (problem) {
    if (/<html[\s>]/i.test(xml.slice(0, 2000))) throw new FeedError(`an HTML page instead of an Atom feed${htmlTitle(xml)}`);
    throw new FeedError(`malformed XML (${problem.line ? `line ${problem.line}: ` : ''}${problem.message.slice(0, 200)})`);
  }
  let doc: Record<string, Node>;
  try {
    doc = parser.parse(xml) as Record<string, Node>;
  } catch (e) {
    throw new FeedError(`unreadable XML: ${(e as Error).message.slice(0, 200)}`);
  }
  const feed = doc.feed;
  if (!feed || typeof feed !== 'object') {
    throw new FeedError(doc.html ? `an HTML page instead of an Atom feed${htmlTitle(xml)}` : 'XML that is not an Atom feed');
  }
  const out: ArxivFeed = { entries: [], errors: [] };
  const total = Number(text(feed['opensearch:totalResults']));
  if (Number.isFinite(total) && text(feed['opensearch:totalResults']) !== '') out.totalResults = total;
  for (const e of (feed.entry as Record<string, unknown>[] | undefined) ?? []) {
    const idText = text(e.id);
    const title = squash(text(e.title));
    if (title === 'Error' && /\/api\/errors/.test(idText)) {
      const summary = squash(text(e.summary));
      const bad = /incorrect_id_format_for_(.+)$/.exec(idText)?.[1] ?? /^incorrect id format for (.+)$/.exec(summary)?.[1];
      out.errors.push({ ...(bad ? { id: decodeURIComponent(bad) } : {}), message: summary || 'arXiv reported an error' });
      continue;
    }
    const m = ABS_ID.exec(idText);
    const published = DAY.exec(text(e.published))?.[1];
    const updated = DAY.exec(text(e.updated))?.[1];
    const authors = ((e.author as unknown[] | undefined) ?? []).map((a) => squash(text((a as Record<string, unknown>)?.name))).filter(Boolean);
    if (!m || !title || !published) {
      out.errors.push({ ...(m ? { id: m[1]! } : {}), message: `an entry without ${!m ? 'an arXiv id' : !title ? 'a title' : 'a publication date'}` });
      continue;
    }
    const doi = squash(text(e['arxiv:doi'])).split(' ').find((d) => DOI.test(d));
    const journalRef = squash(text(e['arxiv:journal_ref']));
    const comment = squash(text(e['arxiv:comment']));
    const primary = attr(e['arxiv:primary_category'], 'term');
    out.entries.push({
      id: m[1]!,
      version: m[2] ? Number(m[2]) : 1,
      title,
      authors,
      abstract: squash(text(e.summary)),
      published,
      updated: updated ?? published,
      ...(doi ? { doi } : {}),
      ...(journalRef ? { journalRef } : {}),
      ...(comment ? { comment } : {}),
      ...(primary ? { primaryCategory: primary } : {}),
      categories: ((e.category as unknown[] | undefined) ?? []).map((c) => attr(c, 'term')).filter((t): t is string => !!t),
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

async function requestFeed(client: HttpClient, url: string, batchSize: number): Promise<ArxivFeed> {
  const sink: { feed?: ArxivFeed } = {};
  const res = await client.request({ source: 'arxiv', url, accept: (s) => s === 200 || s === 400, validate: feedValidator(batchSize, sink) });
  // An answer from the cache skipped `validate`: it passed it when stored.
  return sink.feed ?? parseArxivFeed(decodeUtf8(res.body) ?? '', { wellFormed: true });
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
  // Entries fetched recently, in whatever batch, are not asked for again.
  for (const id of unique) {
    const hit = client.getRecord<ArxivEntry>('arxiv', arxivKey(id));
    if (hit?.value) results.set(id, found(hit.value));
  }
  let done = results.size;
  if (done) opts.onProgress?.(done, unique.length);
  for (const batch of chunk(unique.filter((id) => !results.has(id)), opts.batchSize ?? ARXIV_BATCH)) {
    let pending = batch;
    while (pending.length) {
      const params = new URLSearchParams({ id_list: pending.join(','), start: '0', max_results: String(pending.length) });
      let feed: ArxivFeed;
      try {
        feed = await requestFeed(client, `${api}?${params}`, pending.length);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        const empty = e.kind === 'invalid' && /empty feed/.test(e.message);
        for (const id of pending) {
          results.set(id, empty ? notFound(id) : unavailable('arXiv', e.message, e, 'PAPERSHELF_ARXIV_API or arxiv_api'));
        }
        break;
      }
      const byKey = new Map(pending.map((id) => [arxivKey(id), id]));
      const got: [string, ArxivEntry][] = [];
      for (const entry of feed.entries) {
        const id = byKey.get(arxivKey(entry.id));
        if (id && !results.has(id)) {
          results.set(id, found(entry));
          got.push([arxivKey(id), entry]);
        }
      }
      client.putRecords('arxiv', got);
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
      for (const id of rest) {
        const err = feed.errors.find((x) => x.id === undefined);
        results.set(id, err && feed.entries.length === 0 ? missing('E_ARXIV_ERROR', `arXiv: ${err.message}`) : notFound(id));
      }
      pending = [];
    }
    done += batch.length;
    opts.onProgress?.(done, unique.length);
  }
  return results;
}

function notFound(id: string): Found<ArxivEntry> {
  return missing('E_ARXIV_NOT_FOUND', `arXiv has no paper ${id}`, `check the id at https://arxiv.org/abs/${id}: it may be mistyped or belong to another paper`);
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
