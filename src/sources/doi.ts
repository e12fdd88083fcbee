/**
 * DOI metadata for papers that are not on arXiv. Two services speak nearly the same JSON (CSL):
 * - Crossref's REST API (default, PAPERSHELF_DOI_API=https://api.crossref.org): GET /works/{doi} → {message: {…}};
 * - doi.org content negotiation (PAPERSHELF_DOI_API=https://doi.org): GET /{doi} with Accept: CSL JSON, which also
 *   answers for DataCite and other registration agencies.
 * A 404 means the DOI does not exist: a per-DOI error, and a cached answer.
 */
import { z } from 'zod';
import { HttpError, type HttpClient, type HttpResponse } from './http.js';
import { decodeUtf8, found, missing, squash, unavailable, type Found } from './result.js';

export interface DoiWork {
  doi: string;
  title: string;
  authors: string[];
  /** YYYY, YYYY-MM or YYYY-MM-DD: the earliest publication date the registry knows. */
  date?: string;
  venue?: string;
  /** The DOI's resolver link. */
  url: string;
  abstract?: string;
  type?: string;
}

const Str = z.string().max(5000);
const StrOrList = z.union([Str, z.array(Str).max(20)]).nullish();
const DateParts = z.object({ 'date-parts': z.array(z.array(z.union([z.number(), z.string(), z.null()])).max(3)).max(2).nullish() }).nullish();
const Work = z.object({
  DOI: z.string().max(300),
  title: StrOrList,
  subtitle: StrOrList,
  author: z.array(z.object({ given: Str.nullish(), family: Str.nullish(), name: Str.nullish(), literal: Str.nullish() })).max(5000).nullish(),
  issued: DateParts,
  published: DateParts,
  'published-print': DateParts,
  'published-online': DateParts,
  'container-title': StrOrList,
  'short-container-title': StrOrList,
  event: z.union([z.object({ name: Str.nullish() }), Str]).nullish(),
  abstract: z.string().max(50_000).nullish(),
  type: z.string().max(100).nullish(),
});

const first = (v: string | string[] | null | undefined): string | undefined => (Array.isArray(v) ? v[0] : (v ?? undefined));

/** Crossref titles and abstracts carry JATS/HTML markup (<i>, <sub>, <jats:p>) and entities: plain text out. */
export function plainText(s: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return squash(
    s
      .replace(/<[^>]{0,200}>/g, ' ')
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
        if (e[0] === '#') {
          const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
          return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
        }
        return entities[e.toLowerCase()] ?? m;
      }),
  ).replace(/ ([,.;:!?)])/g, '$1');
}

function partialDate(d: z.infer<typeof DateParts>): string | undefined {
  const parts = d?.['date-parts']?.[0];
  if (!parts || parts[0] === null || parts[0] === undefined) return undefined;
  const [y, m, day] = parts.map((x) => (x === null || x === undefined ? undefined : Number(x)));
  if (!y || y < 1000 || y > 9999) return undefined;
  let out = String(y);
  if (m && m >= 1 && m <= 12) {
    out += `-${String(m).padStart(2, '0')}`;
    if (day && day >= 1 && day <= 31) out += `-${String(day).padStart(2, '0')}`;
  }
  return out;
}

/** Parses Crossref's `{message: work}` or a bare CSL-JSON work. Throws when it is neither. */
export function parseDoiWork(json: string): DoiWork {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('the DOI service sent text that is not JSON');
  }
  const body = data && typeof data === 'object' && 'message' in data ? (data as { message: unknown }).message : data;
  const parsed = Work.safeParse(body);
  if (!parsed.success) throw new Error(`the DOI service sent an unexpected answer (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
  const w = parsed.data;
  const title = plainText([first(w.title), first(w.subtitle)].filter(Boolean).join(': '));
  if (!title) throw new Error('the DOI service sent a work without a title');
  const authors = (w.author ?? [])
    .map((a) => squash(a.name ?? a.literal ?? [a.given, a.family].filter(Boolean).join(' ')))
    .filter(Boolean);
  const dates = [w.issued, w.published, w['published-online'], w['published-print']].map(partialDate).filter((d): d is string => !!d);
  // The earliest, and among equal prefixes the most precise.
  const date = dates.sort((a, b) => a.localeCompare(b) || b.length - a.length)[0];
  const eventName = typeof w.event === 'string' ? w.event : w.event?.name;
  const venue = [first(w['container-title']), eventName ?? undefined, first(w['short-container-title'])].map((v) => (v ? plainText(v) : '')).find((v) => v && v.length <= 200);
  const doi = w.DOI.toLowerCase();
  const abstract = w.abstract ? plainText(w.abstract) : undefined;
  return {
    doi,
    title,
    authors,
    ...(date ? { date } : {}),
    ...(venue ? { venue } : {}),
    url: `https://doi.org/${doi}`,
    ...(abstract ? { abstract } : {}),
    ...(w.type ? { type: w.type } : {}),
  };
}

export interface DoiOptions {
  mailto?: string;
  onProgress?: (done: number, total: number) => void;
}

/** The request for one DOI: Crossref's /works/{doi}, or content negotiation when the API is doi.org itself. */
export function doiRequestUrl(api: string, doi: string, mailto?: string): { url: string; headers: Record<string, string> } {
  const path = doi.split('/').map(encodeURIComponent).join('/');
  if (/^https?:\/\/(dx\.)?doi\.org$/i.test(api)) return { url: `${api}/${path}`, headers: { accept: 'application/vnd.citationstyles.csl+json' } };
  return { url: `${api}/works/${path}${mailto ? `?mailto=${encodeURIComponent(mailto)}` : ''}`, headers: { accept: 'application/json' } };
}

/** Looks up DOIs one by one (the registries have no batch look-up by DOI). Every DOI gets a work or an error. */
export async function fetchDois(client: HttpClient, api: string, dois: string[], opts: DoiOptions = {}): Promise<Map<string, Found<DoiWork>>> {
  const unique = [...new Set(dois.map((d) => d.toLowerCase()))];
  const results = new Map<string, Found<DoiWork>>();
  let done = 0;
  for (const doi of unique) {
    let work: DoiWork | undefined;
    const validate = (res: HttpResponse) => {
      if (res.status === 404) return undefined;
      const text = decodeUtf8(res.body);
      if (text === undefined) return { reason: 'the DOI service sent bytes that are not UTF-8 text' };
      try {
        work = parseDoiWork(text);
        return undefined;
      } catch (e) {
        return { reason: (e as Error).message };
      }
    };
    const { url, headers } = doiRequestUrl(api, doi, opts.mailto);
    try {
      const res = await client.request({ source: 'crossref', url, headers, accept: (s) => s === 200 || s === 404, validate });
      if (res.status === 404) results.set(doi, missing('E_DOI_NOT_FOUND', `no DOI ${doi} is registered`, `check it at https://doi.org/${doi}`));
      else results.set(doi, found(work ?? parseDoiWork(decodeUtf8(res.body) ?? '')));
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      results.set(doi, unavailable('the DOI registry', e.message, e, 'PAPERSHELF_DOI_API or doi_api'));
    }
    opts.onProgress?.(++done, unique.length);
  }
  return results;
}
