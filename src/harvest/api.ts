/**
 * `harvest --api`: the arXiv API (Atom) by category and submission date. The range is walked one day at a time
 * (the API serves at most 30,000 results per query, and a day of cs.* is far below), each day in pages, newest
 * first; requests go through the sources' HTTP client, whose arXiv gate starts at most one request every 3 s and
 * retries 429/503/resets/truncated feeds. After each page the papers and the next position (day and offset) are
 * committed together, so a rerun of the same command resumes there.
 *
 * Also here: filling in the abstracts of the catalog's own papers (ranking needs them), from arXiv by id.
 */
import { PapershelfError } from '../model/problems.js';
import { ARXIV_BATCH, fetchArxiv, searchArxiv, type ArxivEntry, type ArxivFeed } from '../sources/arxiv.js';
import { HttpError, type HttpClient } from '../sources/http.js';
import { checkRecord, normalizeArxivId, type HarvestedPaper } from '../store/record.js';
import type { Store } from '../store/store.js';
import type { HarvestReport, ProgressFn } from './report.js';

/** Results per request: arXiv allows up to 2,000; smaller pages fail less and resume finer. */
export const API_PAGE = 200;
/** Empty pages before the announced total is reached: the API's known transient hiccup is retried this often. */
const EMPTY_PAGE_RETRIES = 2;

const CATEGORY = /^[a-z][a-z-]*(\.[A-Za-z-]{1,20})?$/;

/** An entry of the arXiv API as the store keeps it. */
export function fromArxivEntry(e: ArxivEntry) {
  const id = normalizeArxivId(e.id)?.id ?? e.id;
  const categories = e.primaryCategory ? [e.primaryCategory, ...e.categories.filter((c) => c !== e.primaryCategory)] : e.categories;
  return checkRecord({
    id,
    version: e.version,
    title: e.title,
    abstract: e.abstract,
    authors: e.authors,
    categories,
    published: e.published,
    updated: e.updated,
    ...(e.doi ? { doi: e.doi } : {}),
    ...(e.journalRef ? { journalRef: e.journalRef } : {}),
    ...(e.comment ? { comments: e.comment } : {}),
  });
}

export interface ApiOptions {
  /** arXiv API endpoint (the sources' config: PAPERSHELF_ARXIV_API). */
  api: string;
  categories: string[];
  /** Submission days, YYYY-MM-DD, inclusive. */
  from: string;
  until: string;
  pageSize?: number;
  /** Stop after this many requests (a rerun resumes). */
  maxPages?: number;
  onProgress?: ProgressFn;
}

function days(from: string, until: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(until); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export async function harvestApi(store: Store, client: HttpClient, opts: ApiOptions): Promise<HarvestReport> {
  const t0 = performance.now();
  for (const c of opts.categories) {
    if (!CATEGORY.test(c)) throw new PapershelfError([{ code: 'E_USAGE', severity: 'error', message: `"${c}" is not an arXiv category`, hint: 'e.g. --category cs.CL or --category cs.CL,cs.LG' }]);
  }
  const size = opts.pageSize ?? API_PAGE;
  const cats = opts.categories.map((c) => `cat:${c}`);
  const catQuery = cats.length > 1 ? `(${cats.join(' OR ')})` : cats[0]!;
  const key = `api ${opts.api} ${opts.categories.join(',')} ${opts.from} ${opts.until}`;
  const previous = store.getCheckpoint(key);
  // Position: "day:start". Days are walked newest first, like the pages.
  const all = days(opts.from, opts.until).reverse();
  let [day, start] = previous && !previous.done && previous.token ? [previous.token.split(':')[0]!, Number(previous.token.split(':')[1])] : [all[0]!, 0];
  const report: HarvestReport = { source: 'api', target: `${opts.categories.join(',')} submitted ${opts.from} to ${opts.until}`, read: 0, inserted: 0, updated: 0, unchanged: 0, refused: 0, problems: [], requests: 0, complete: false, ms: 0, ...(previous && !previous.done && previous.token ? { resumedFrom: previous.token } : {}) };
  let harvested = previous && !previous.done ? previous.harvested : 0;
  let dayIndex = Math.max(0, all.indexOf(day));
  let empties = 0;
  while (dayIndex < all.length) {
    day = all[dayIndex]!;
    const d = day.replace(/-/g, '');
    const query = `${catQuery} AND submittedDate:[${d}0000 TO ${d}2359]`;
    let feed: ArxivFeed;
    try {
      report.requests++;
      feed = await searchArxiv(client, opts.api, query, { start, max: size, sortBy: 'submittedDate' });
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      throw new PapershelfError([{ code: 'E_HARVEST_NETWORK', severity: 'error', message: `arXiv API harvest stopped at ${day}, result ${start}: ${e.message}`, hint: `${report.inserted + report.updated + report.unchanged} papers were stored; run the same command again to resume there` }]);
    }
    const total = feed.totalResults ?? 0;
    if (feed.entries.length === 0 && start < total && empties < EMPTY_PAGE_RETRIES) {
      empties++;
      continue;
    }
    empties = 0;
    const papers: HarvestedPaper[] = [];
    for (const e of feed.entries) {
      report.read++;
      const r = fromArxivEntry(e);
      if (r.ok) papers.push(r.paper);
      else {
        report.refused++;
        if (report.problems.length < 20) report.problems.push({ code: 'W_HARVEST_RECORD', severity: 'warning', message: `${e.id}: ${r.reason}` });
      }
    }
    for (const err of feed.errors) if (report.problems.length < 20) report.problems.push({ code: 'W_HARVEST_RECORD', severity: 'warning', message: `arXiv: ${err.message}` });
    let next: string | null;
    if (feed.entries.length > 0 && start + feed.entries.length < total) {
      start += feed.entries.length;
      next = `${day}:${start}`;
    } else {
      dayIndex++;
      start = 0;
      next = dayIndex < all.length ? `${all[dayIndex]}:0` : null;
    }
    harvested += papers.length;
    const counts = store.upsert(papers, 'api', { key, token: next, harvested, total: null, done: next ? null : new Date().toISOString(), started: previous?.started });
    report.inserted += counts.inserted;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    opts.onProgress?.({ done: dayIndex, total: all.length, unit: 'records', papers: harvested });
    if (next && opts.maxPages && report.requests >= opts.maxPages) {
      report.ms = performance.now() - t0;
      return report;
    }
  }
  report.complete = true;
  report.ms = performance.now() - t0;
  return report;
}

/**
 * Makes sure the store holds the abstracts of these papers (the catalog's own, which ranking trains on): the ids
 * missing from the store, or stored without an abstract, are fetched from arXiv by id, 100 per request. When arXiv
 * cannot be reached at all (a whole request fails after the client's retries), the rest is not tried: offline, the
 * step costs one request's retries, not one per hundred papers.
 */
export async function fillAbstracts(store: Store, client: HttpClient, api: string, ids: string[], onProgress?: ProgressFn): Promise<HarvestReport & { missing: string[] }> {
  const t0 = performance.now();
  const keys = [...new Set(ids.map((id) => normalizeArxivId(id)?.id).filter((x): x is string => !!x))];
  const wanted = keys.filter((id) => !store.get(id)?.abstract);
  const report: HarvestReport & { missing: string[] } = { source: 'abstracts', target: `${wanted.length} of ${keys.length} papers`, read: 0, inserted: 0, updated: 0, unchanged: 0, refused: 0, problems: [], requests: 0, complete: true, ms: 0, missing: [] };
  const before = client.stats.requests;
  let unreachable: string | undefined;
  for (let i = 0; i < wanted.length; i += ARXIV_BATCH) {
    const batch = wanted.slice(i, i + ARXIV_BATCH);
    if (unreachable) {
      report.missing.push(...batch);
      continue;
    }
    const found = await fetchArxiv(client, api, batch);
    const papers: HarvestedPaper[] = [];
    for (const id of batch) {
      const f = found.get(id);
      report.read++;
      if (f?.ok) {
        const r = fromArxivEntry(f.value);
        if (r.ok) papers.push(r.paper);
        else report.refused++;
        continue;
      }
      report.missing.push(id);
      if (f?.code === 'E_SOURCE_UNAVAILABLE') unreachable ??= batch.every((b) => found.get(b)?.ok === false && (found.get(b) as { code: string }).code === 'E_SOURCE_UNAVAILABLE') ? f.message : undefined;
      else if (report.problems.length < 20) report.problems.push({ code: f?.code ?? 'E_ARXIV_NOT_FOUND', severity: 'warning', message: f?.message ?? `arXiv has no paper ${id}`, ...(f?.hint ? { hint: f.hint } : {}) });
    }
    const counts = store.upsert(papers, 'api');
    report.inserted += counts.inserted;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    onProgress?.({ done: Math.min(i + ARXIV_BATCH, wanted.length), total: wanted.length, unit: 'records', papers: report.inserted + report.updated });
  }
  if (unreachable) report.problems.unshift({ code: 'W_ARXIV_UNREACHABLE', severity: 'warning', message: `${unreachable}; ${report.missing.length} abstract(s) not fetched`, hint: 'run `papershelf harvest --abstracts` again when arXiv can be reached' });
  report.requests = client.stats.requests - before;
  report.complete = report.missing.length === 0;
  report.ms = performance.now() - t0;
  return report;
}

/**
 * Catalog papers the store does not have at all are stored from their catalog entry (title and authors, no
 * abstract; source `catalog`), so ranking can learn from them even offline. A harvested record replaces the text.
 * Returns the ids stored that way.
 */
export function storeCatalogPapers(store: Store, papers: { arxiv?: string; title: string; authors?: string[]; date?: string }[]): string[] {
  const add: HarvestedPaper[] = [];
  for (const p of papers) {
    const id = p.arxiv && normalizeArxivId(p.arxiv)?.id;
    if (!id || store.get(id)) continue;
    const r = checkRecord({ id, title: p.title, abstract: '', authors: p.authors ?? [], categories: [], ...(p.date && /^\d{4}-\d{2}-\d{2}$/.test(p.date) ? { published: p.date } : {}) });
    if (r.ok) add.push(r.paper);
  }
  store.upsert(add, 'catalog');
  return add.map((p) => p.id);
}
