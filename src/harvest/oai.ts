/**
 * `harvest --oai`: arXiv's OAI-PMH interface, ListRecords in the `arXiv` or `arXivRaw` metadata format, selected by
 * datestamp (`from`/`until`: the day a record last changed — arXiv cannot select by submission date) and set (`cs`,
 * `math`, `physics:hep-th`).
 *
 * Resumption: after every page the papers and the next resumptionToken are committed in one transaction, so a
 * killed harvest, run again with the same options, continues from the last stored page. Protocol errors are data:
 * `noRecordsMatch` is an empty harvest; `badResumptionToken` (tokens expire) restarts the list once — the upserts
 * are idempotent, so the papers already stored are not duplicated; any other error code stops with its message.
 * Transport faults (429/503 with Retry-After, resets, truncated or HTML answers) are retried by the HTTP client.
 */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator, type ValidationError } from 'fast-xml-validator';
import { PapershelfError, type Problem } from '../model/problems.js';
import { HttpError, type HttpClient, type HttpResponse } from '../sources/http.js';
import { decodeUtf8 } from '../sources/result.js';
import type { HarvestedPaper } from '../store/record.js';
import type { Store } from '../store/store.js';
import { fromOaiArxiv, fromOaiArxivRaw, xmlText } from './normalize.js';
import type { HarvestReport, ProgressFn } from './report.js';

/** arXiv's OAI-PMH base URL (since 2025; the older http://export.arxiv.org/oai2 redirects). */
export const ARXIV_OAI = 'https://oaipmh.arxiv.org/oai';

export type OaiFormat = 'arXiv' | 'arXivRaw';

export interface OaiRecord {
  identifier: string;
  datestamp: string;
  deleted: boolean;
  /** The metadata element's content (`<arXiv>` or `<arXivRaw>`), when not deleted. */
  metadata?: Record<string, unknown>;
}

export interface OaiPage {
  responseDate?: string;
  records: OaiRecord[];
  /** The next page's token; absent or empty on the last page. */
  token?: { value: string; cursor?: number; completeListSize?: number };
  /** An OAI-PMH protocol error (`<error code="…">`). */
  error?: { code: string; message: string };
}

/** The text is not an OAI-PMH answer (HTML, truncated or malformed XML). */
export class OaiFormatError extends Error {
  override name = 'OaiFormatError';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Ids such as 0704.0471 must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['record', 'setSpec', 'author', 'version', 'error'].includes(name),
});

/** Parses one OAI-PMH answer. Pure; throws OaiFormatError when the text is not a complete OAI-PMH document. */
export function parseOaiPage(xml: string): OaiPage {
  let check: true | ValidationError;
  try {
    check = SyntaxValidator.validate(xml) as true | ValidationError;
  } catch (e) {
    throw new OaiFormatError(`malformed or truncated XML (${(e as Error).message.slice(0, 200)})`);
  }
  if (check !== true) {
    if (/<html[\s>]/i.test(xml.slice(0, 4000))) throw new OaiFormatError('an HTML page instead of an OAI-PMH answer');
    throw new OaiFormatError(`malformed or truncated XML (line ${check.err.line}: ${check.err.msg})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw new OaiFormatError(`unreadable XML: ${(e as Error).message.slice(0, 200)}`);
  }
  const root = doc['OAI-PMH'] as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw new OaiFormatError(doc.html ? 'an HTML page instead of an OAI-PMH answer' : 'XML that is not an OAI-PMH answer');
  const page: OaiPage = { records: [] };
  const responseDate = xmlText(root.responseDate);
  if (responseDate) page.responseDate = responseDate;
  const errors = root.error as Record<string, unknown>[] | undefined;
  if (errors?.length) {
    const e = errors[0]!;
    page.error = { code: String(e['@_code'] ?? 'unknown'), message: (xmlText(e) ?? '').trim() };
    return page;
  }
  const list = root.ListRecords as Record<string, unknown> | undefined;
  if (!list || typeof list !== 'object') {
    // An empty <ListRecords/> parses as ''.
    if (root.ListRecords === '') return page;
    throw new OaiFormatError('an OAI-PMH answer without ListRecords');
  }
  for (const r of (list.record as Record<string, unknown>[] | undefined) ?? []) {
    const header = (r.header ?? {}) as Record<string, unknown>;
    const rec: OaiRecord = { identifier: xmlText(header.identifier) ?? '', datestamp: xmlText(header.datestamp) ?? '', deleted: header['@_status'] === 'deleted' };
    const meta = r.metadata as Record<string, unknown> | undefined;
    if (meta && typeof meta === 'object') {
      const inner = (meta.arXiv ?? meta.arXivRaw) as Record<string, unknown> | undefined;
      if (inner && typeof inner === 'object') rec.metadata = inner;
    }
    page.records.push(rec);
  }
  const t = list.resumptionToken;
  if (t !== undefined) {
    const value = (xmlText(t) ?? '').trim();
    const attrs = typeof t === 'object' && t ? (t as Record<string, unknown>) : {};
    const num = (v: unknown) => (v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));
    const cursor = num(attrs['@_cursor']);
    const size = num(attrs['@_completeListSize']);
    if (value) page.token = { value, ...(cursor !== undefined ? { cursor } : {}), ...(size !== undefined ? { completeListSize: size } : {}) };
  }
  return page;
}

export interface OaiOptions {
  baseUrl?: string;
  format?: OaiFormat;
  set?: string;
  /** YYYY-MM-DD (datestamps). Default: the day the last complete harvest of this base/format/set ran, else 7 days ago. */
  from?: string;
  until?: string;
  /** Stop after this many pages (the rest is left for a rerun, which resumes). */
  maxPages?: number;
  onProgress?: ProgressFn;
  today?: string;
}

/** Protocol errors that mean "the request is wrong": no point in retrying. */
const FATAL: Record<string, string> = {
  badArgument: 'check --from/--until (YYYY-MM-DD) and --set',
  badVerb: 'the base URL does not speak OAI-PMH as expected; check --oai-url',
  cannotDisseminateFormat: 'use --format arXiv or arXivRaw',
  noSetHierarchy: 'drop --set',
  noMetadataFormats: 'use --format arXiv or arXivRaw',
};

function lastKey(base: string, format: string, set: string | undefined) {
  return `oai-last ${base} ${format} ${set ?? ''}`;
}

export async function harvestOai(store: Store, client: HttpClient, opts: OaiOptions = {}): Promise<HarvestReport> {
  const t0 = performance.now();
  const base = (opts.baseUrl ?? ARXIV_OAI).replace(/\/+$/, '');
  const format = opts.format ?? 'arXiv';
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const from = opts.from ?? store.getMeta(lastKey(base, format, opts.set)) ?? new Date(Date.parse(today) - 7 * 86_400_000).toISOString().slice(0, 10);
  const key = `oai ${base} ${format} set=${opts.set ?? ''} from=${from} until=${opts.until ?? ''}`;
  const previous = store.getCheckpoint(key);
  let token: string | null = previous && !previous.done ? previous.token : null;
  const report: HarvestReport = { source: 'oai', target: `${base} ${format}${opts.set ? ` set ${opts.set}` : ''} from ${from}${opts.until ? ` until ${opts.until}` : ''}`, read: 0, inserted: 0, updated: 0, unchanged: 0, refused: 0, problems: [], requests: 0, complete: false, ms: 0, ...(token ? { resumedFrom: token } : {}) };
  let harvested = token ? previous!.harvested : 0;
  let restarts = 0;
  let pages = 0;
  let firstResponseDate: string | undefined;
  const warn = (p: Omit<Problem, 'severity'>) => report.problems.length < 20 && report.problems.push({ ...p, severity: 'warning' });
  for (;;) {
    const params = token
      ? new URLSearchParams({ verb: 'ListRecords', resumptionToken: token })
      : new URLSearchParams({ verb: 'ListRecords', metadataPrefix: format, from, ...(opts.until ? { until: opts.until } : {}), ...(opts.set ? { set: opts.set } : {}) });
    const url = `${base}?${params}`;
    let page: OaiPage | undefined;
    try {
      report.requests++;
      await client.request({
        source: 'arxiv',
        url,
        noCache: true,
        validate: (res: HttpResponse) => {
          const xml = decodeUtf8(res.body);
          if (xml === undefined) return { reason: 'the OAI-PMH server sent bytes that are not UTF-8 text' };
          try {
            page = parseOaiPage(xml);
          } catch (e) {
            return { reason: `the OAI-PMH server sent ${(e as Error).message}` };
          }
          return undefined;
        },
      });
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      throw new PapershelfError([{ code: 'E_HARVEST_NETWORK', severity: 'error', message: `OAI-PMH harvest stopped: ${e.message}`, hint: `${report.inserted + report.updated + report.unchanged} papers were stored; run the same command again to resume from the last stored page` }]);
    }
    const p = page!;
    firstResponseDate ??= p.responseDate;
    if (p.error) {
      if (p.error.code === 'noRecordsMatch') {
        store.putCheckpoint({ key, token: null, harvested, total: harvested, done: new Date().toISOString(), started: previous?.started });
        break;
      }
      if (p.error.code === 'badResumptionToken' && token && restarts === 0) {
        restarts++;
        warn({ code: 'W_OAI_TOKEN_EXPIRED', message: `the server no longer accepts the resumption token (${p.error.message || 'expired'}); the list was requested again from its start (stored papers are updated in place, not duplicated)` });
        token = null;
        continue;
      }
      throw new PapershelfError([{ code: `E_OAI_${p.error.code.replace(/[^A-Za-z]/g, '').toUpperCase()}`, severity: 'error', message: `the OAI-PMH server answered ${p.error.code}: ${p.error.message}`, hint: FATAL[p.error.code] ?? 'check the options; run the same command again to retry' }]);
    }
    const papers: HarvestedPaper[] = [];
    for (const r of p.records) {
      report.read++;
      if (r.deleted || !r.metadata) continue;
      const n = format === 'arXivRaw' ? fromOaiArxivRaw(r.metadata) : fromOaiArxiv(r.metadata);
      if (n.ok) papers.push(n.paper);
      else {
        report.refused++;
        warn({ code: 'W_HARVEST_RECORD', message: `${r.identifier}: ${n.reason}` });
      }
    }
    const next = p.token?.value ?? null;
    harvested += papers.length;
    const counts = store.upsert(papers, 'oai', { key, token: next, harvested, total: p.token?.completeListSize ?? null, done: next ? null : new Date().toISOString(), started: previous?.started });
    report.inserted += counts.inserted;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    opts.onProgress?.({ done: (p.token?.cursor ?? 0) + p.records.length, total: p.token?.completeListSize ?? null, unit: 'records', papers: harvested });
    pages++;
    token = next;
    if (!next) break;
    if (opts.maxPages && pages >= opts.maxPages) {
      report.ms = performance.now() - t0;
      return report;
    }
  }
  // The next harvest without --from starts where this one's list was taken (an overlap of a day is harmless).
  if (!opts.until) store.setMeta(lastKey(base, format, opts.set), (firstResponseDate ?? today).slice(0, 10));
  report.complete = true;
  report.ms = performance.now() - t0;
  return report;
}
