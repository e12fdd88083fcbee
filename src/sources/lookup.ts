/**
 * Looks papers up in every source they need, batching and running the sources side by side (each keeps its own
 * politeness gate, so the wall time is the slowest source's delay, not the sum):
 * - arXiv ids → arXiv (title, authors, v1 date, latest version, DOI, comment) and, when asked, Semantic Scholar
 *   (venue, publication date, DOI, citation count, TL;DR);
 * - DOIs → Semantic Scholar first when asked (a DOI of a paper that is on arXiv is completed from arXiv), else the
 *   DOI registry (Crossref).
 * The primary source's failure is the paper's error; a secondary source's failure is a warning.
 */
import { parseRef, type PaperRef } from '../model/ids.js';
import { arxivKey, fetchArxiv, type ArxivEntry } from './arxiv.js';
import { loadSourcesConfig, type SourcesConfig } from './config.js';
import { fetchDois, type DoiWork } from './doi.js';
import { HttpClient, type HttpEvent, type HttpOptions } from './http.js';
import type { Found, Missing } from './result.js';
import { fetchS2, type S2Paper } from './s2.js';

export type SourceName = 'arxiv' | 's2' | 'crossref';

export interface Progress {
  source: SourceName;
  done: number;
  total: number;
}

export interface Sources {
  client: HttpClient;
  config: SourcesConfig;
  onProgress?: (p: Progress) => void;
}

export interface OpenSourcesOptions {
  env?: NodeJS.ProcessEnv;
  /** Ignore cached answers. */
  fresh?: boolean;
  /** Overrides of the HTTP client's options (tests: clock, sleep, limits, timeouts). */
  http?: Partial<HttpOptions>;
  onEvent?: (e: HttpEvent) => void;
  onProgress?: (p: Progress) => void;
}

/** The sources as configured (config file + environment), with one shared HTTP client. */
export function openSources(opts: OpenSourcesOptions = {}): Sources {
  const config = loadSourcesConfig(opts.env ?? process.env);
  const client = new HttpClient({
    userAgent: config.userAgent,
    cacheDir: config.cacheDir,
    maxAgeMs: config.cacheMaxAgeDays * 86_400_000,
    ...(opts.fresh ? { fresh: true } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    ...opts.http,
  });
  return { client, config, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
}

export interface PaperLookup {
  ref: PaperRef;
  arxiv?: ArxivEntry;
  s2?: S2Paper;
  doi?: DoiWork;
  /** The primary source could not give the facts: the paper cannot be added or checked. */
  error?: Missing;
  /** A secondary source failed: facts from it are missing. */
  warnings: string[];
}

/** One key per paper however its id is written: `arxiv:math/0309136`, `doi:10.1/x`. */
export function refKey(ref: PaperRef): string {
  return ref.kind === 'arxiv' ? `arxiv:${arxivKey(ref.id)}` : `doi:${ref.id.toLowerCase()}`;
}

export interface LookupWants {
  /** Ask Semantic Scholar too (venue, DOI, citations, TL;DR; arXiv ids of DOIs). Default true. */
  s2?: boolean;
}

/** Looks up every ref; the map is keyed by refKey(ref). */
export async function lookupRefs(sources: Sources, refs: PaperRef[], wants: LookupWants = {}): Promise<Map<string, PaperLookup>> {
  const { client, config } = sources;
  const useS2 = wants.s2 !== false;
  const out = new Map<string, PaperLookup>();
  for (const ref of refs) {
    const key = refKey(ref);
    if (!out.has(key)) out.set(key, { ref, warnings: [] });
  }
  const all = [...out.values()];
  const arxivIds = all.filter((l) => l.ref.kind === 'arxiv').map((l) => l.ref.id);
  const s2Id = (l: PaperLookup) => (l.ref.kind === 'arxiv' ? `ARXIV:${l.ref.id}` : `DOI:${l.ref.id}`);
  const progress = (source: SourceName) => (done: number, total: number) => sources.onProgress?.({ source, done, total });

  const [arxiv, s2] = await Promise.all([
    arxivIds.length ? fetchArxiv(client, config.arxivApi, arxivIds, { onProgress: progress('arxiv') }) : new Map<string, Found<ArxivEntry>>(),
    useS2 && all.length ? fetchS2(client, config.s2Api, all.map(s2Id), { ...(config.s2ApiKey ? { apiKey: config.s2ApiKey } : {}), onProgress: progress('s2') }) : new Map<string, Found<S2Paper>>(),
  ]);
  for (const l of all) {
    if (l.ref.kind === 'arxiv') {
      const a = arxiv.get(l.ref.id)!;
      if (a.ok) l.arxiv = a.value;
      else l.error = a;
    }
    const s = s2.get(s2Id(l));
    if (s?.ok) l.s2 = s.value;
    else if (s && s.code !== 'E_S2_NOT_FOUND') l.warnings.push(s.message);
  }

  // DOIs: on arXiv (Semantic Scholar knows the link) → arXiv; otherwise → the DOI registry.
  const viaArxiv = all.filter((l) => l.ref.kind === 'doi' && l.s2?.arxiv && parseRef(l.s2.arxiv)?.kind === 'arxiv');
  const onArxiv = new Set(viaArxiv);
  const viaDoi = all.filter((l) => l.ref.kind === 'doi' && !onArxiv.has(l));
  const [second, works] = await Promise.all([
    viaArxiv.length ? fetchArxiv(client, config.arxivApi, viaArxiv.map((l) => parseRef(l.s2!.arxiv!)!.id), { onProgress: progress('arxiv') }) : new Map<string, Found<ArxivEntry>>(),
    viaDoi.length ? fetchDois(client, config.doiApi, viaDoi.map((l) => l.ref.id), { ...(config.mailto ? { mailto: config.mailto } : {}), onProgress: progress('crossref') }) : new Map<string, Found<DoiWork>>(),
  ]);
  for (const l of viaArxiv) {
    const a = second.get(parseRef(l.s2!.arxiv!)!.id)!;
    if (a.ok) l.arxiv = a.value;
    else l.error = a;
  }
  for (const l of viaDoi) {
    const w = works.get(l.ref.id.toLowerCase())!;
    if (w.ok) l.doi = w.value;
    else l.error = w;
  }
  return out;
}
