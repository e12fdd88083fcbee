/**
 * Fetched facts: the machine-maintained cache `refresh` writes to `catalog/facts/<stem>.json`, apart from the
 * hand-curated `catalog/papers/<stem>.yaml` so that people's diffs stay clean. It holds what the sources say
 * (latest version, abstract, venue and DOI found, citation count, TL;DR, code links) and can be deleted and
 * fetched again at any time. Also: building a catalog entry from a look-up (for `add`).
 *
 * A facts file is rewritten only when a fact changed; `updated` is the day that last happened.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Paper, type Curation } from '../model/schema.js';
import type { ArxivEntry } from './arxiv.js';
import type { DoiWork } from './doi.js';
import type { PaperLookup } from './lookup.js';
import { found, missing, type Found } from './result.js';
import type { S2Paper } from './s2.js';

export const FACTS_DIR = 'facts';

/** A paper file lists at most this many authors; a longer list keeps the first ones and sets `et_al`. */
export const MAX_AUTHORS = 100;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Str = (max: number) => z.string().max(max);

export const FactsSchema = z.strictObject({
  key: Str(200),
  arxiv: z
    .strictObject({
      id: Str(40),
      version: z.number().int().min(1),
      title: Str(2000),
      authors: z.array(Str(500)).max(10_000),
      published: Day,
      updated: Day,
      doi: Str(300).optional(),
      journalRef: Str(2000).optional(),
      comment: Str(5000).optional(),
      primaryCategory: Str(40).optional(),
      categories: z.array(Str(40)).max(50),
    })
    .optional(),
  s2: z
    .strictObject({
      paperId: Str(100),
      venue: Str(1000).optional(),
      publicationDate: Day.optional(),
      year: z.number().int().optional(),
      venueYear: z.number().int().optional(),
      doi: Str(300).optional(),
      citationCount: z.number().int().min(0).optional(),
      tldr: Str(5000).optional(),
      url: Str(2000).optional(),
    })
    .optional(),
  doi: z
    .strictObject({
      doi: Str(300),
      title: Str(5000),
      authors: z.array(Str(5000)).max(5000),
      date: Str(10).optional(),
      venue: Str(200).optional(),
      url: Str(2000),
      type: Str(100).optional(),
    })
    .optional(),
  abstract: Str(50_000).optional(),
  codeLinks: z.array(Str(2000)).max(20).optional(),
  /** The day these facts last changed. */
  updated: Day,
});
export type Facts = z.infer<typeof FactsSchema>;

export function factsPath(catalogDir: string, stem: string): string {
  return join(catalogDir, FACTS_DIR, `${stem}.json`);
}

/** The facts file of a paper, or undefined when there is none or it is unreadable (refresh then rewrites it). */
export function readFacts(catalogDir: string, stem: string): Facts | undefined {
  const path = factsPath(catalogDir, stem);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = FactsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const CODE_HOSTS = /https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/g;

/** Repository links in a text (arXiv comments and abstracts say "Code: https://github.com/…"). */
export function codeLinks(...texts: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const t of texts) {
    for (const m of (t ?? '').matchAll(CODE_HOSTS)) {
      const url = m[0].replace(/[.,;:)]+$/, '').replace(/\.git$/, '');
      if (!out.some((u) => u.toLowerCase() === url.toLowerCase())) out.push(url);
    }
  }
  return out.slice(0, 20);
}

function arxivFacts(a: ArxivEntry): NonNullable<Facts['arxiv']> {
  return {
    id: a.id,
    version: a.version,
    title: a.title,
    authors: a.authors,
    published: a.published,
    updated: a.updated,
    ...(a.doi ? { doi: a.doi } : {}),
    ...(a.journalRef ? { journalRef: a.journalRef } : {}),
    ...(a.comment ? { comment: a.comment } : {}),
    ...(a.primaryCategory ? { primaryCategory: a.primaryCategory } : {}),
    categories: a.categories,
  };
}

function s2Facts(s: S2Paper): NonNullable<Facts['s2']> {
  const { paperId, venue, publicationDate, year, venueYear, doi, citationCount, tldr, url } = s;
  return {
    paperId,
    ...(venue ? { venue } : {}),
    ...(publicationDate ? { publicationDate } : {}),
    ...(year ? { year } : {}),
    ...(venueYear ? { venueYear } : {}),
    ...(doi ? { doi } : {}),
    ...(citationCount !== undefined ? { citationCount } : {}),
    ...(tldr ? { tldr } : {}),
    ...(url ? { url } : {}),
  };
}

function doiFacts(w: DoiWork): NonNullable<Facts['doi']> {
  return { doi: w.doi, title: w.title, authors: w.authors, ...(w.date ? { date: w.date } : {}), ...(w.venue ? { venue: w.venue } : {}), url: w.url, ...(w.type ? { type: w.type } : {}) };
}

/**
 * The facts of a look-up. A source that failed this time keeps what `previous` had from it (a flaky source never
 * erases facts); `updated` stays unless something changed.
 */
export function factsFromLookup(stem: string, l: PaperLookup, today: string, previous?: Facts): Facts {
  const arxiv = l.arxiv ? arxivFacts(l.arxiv) : previous?.arxiv;
  const s2 = l.s2 ? s2Facts(l.s2) : previous?.s2;
  const doi = l.doi ? doiFacts(l.doi) : previous?.doi;
  const abstract = l.arxiv?.abstract || l.doi?.abstract || previous?.abstract;
  const code = l.arxiv ? codeLinks(l.arxiv.comment, l.arxiv.abstract) : (previous?.codeLinks ?? []);
  const next: Facts = {
    key: stem,
    ...(arxiv ? { arxiv } : {}),
    ...(s2 ? { s2 } : {}),
    ...(doi ? { doi } : {}),
    ...(abstract ? { abstract } : {}),
    ...(code.length ? { codeLinks: code } : {}),
    updated: previous?.updated ?? today,
  };
  return previous && sameFacts(previous, next) ? previous : { ...next, updated: today };
}

/** Facts are written only within the schema's bounds (sources are untrusted): otherwise a per-paper error. */
export function checkFacts(f: Facts): Found<Facts> {
  const parsed = FactsSchema.safeParse(f);
  if (parsed.success) return found(f);
  const issue = parsed.error.issues[0]!;
  return missing('E_SOURCE_DATA', `the facts fetched for ${f.key} are out of bounds (${issue.path.join('.')}: ${issue.message})`, 'report the odd record; the paper\'s entry is unaffected');
}

export function sameFacts(a: Facts, b: Facts): boolean {
  return factsToJson({ ...a, updated: '' }) === factsToJson({ ...b, updated: '' });
}

/** Canonical JSON: two-space indent, keys in schema order, newline at the end. */
export function factsToJson(f: Facts): string {
  const order = Object.keys(FactsSchema.shape) as (keyof Facts)[];
  const out: Record<string, unknown> = {};
  for (const k of order) if (f[k] !== undefined) out[k] = f[k];
  return JSON.stringify(out, null, 2) + '\n';
}

/** What changed between two facts files, in words, for the refresh report. */
export function describeChange(before: Facts | undefined, after: Facts): string[] {
  if (!before) return ['new facts file'];
  const out: string[] = [];
  if (before.arxiv && after.arxiv && after.arxiv.version !== before.arxiv.version) out.push(`v${before.arxiv.version} → v${after.arxiv.version}`);
  if (after.arxiv && before.arxiv && after.arxiv.title !== before.arxiv.title) out.push('title changed on arXiv');
  if (after.arxiv && before.arxiv && after.arxiv.authors.join('|') !== before.arxiv.authors.join('|')) out.push('authors changed on arXiv');
  const venue = (f: Facts) => f.s2?.venue ?? f.doi?.venue;
  if (venue(after) !== venue(before) && venue(after)) out.push(`venue ${venue(after)}`);
  const doi = (f: Facts) => f.arxiv?.doi ?? f.s2?.doi;
  if (doi(after) !== doi(before) && doi(after)) out.push(`DOI ${doi(after)}`);
  const cites = (f: Facts) => f.s2?.citationCount;
  if (cites(after) !== cites(before) && cites(after) !== undefined) out.push(`${cites(before) ?? '?'} → ${cites(after)} citations`);
  const newCode = (after.codeLinks ?? []).filter((c) => !(before.codeLinks ?? []).includes(c));
  if (newCode.length) out.push(`code ${newCode.join(', ')}`);
  if (after.s2?.tldr && after.s2.tldr !== before.s2?.tldr) out.push('TL;DR');
  return out.length ? out : ['other facts'];
}

/** "NeurIPS" + 2023 → "NeurIPS 2023"; a venue that names its year already stays as it is. */
export function venueWithYear(venue: string | undefined, year: number | string | undefined): string | undefined {
  if (!venue) return undefined;
  const v = /\b(19|20)\d{2}\b/.test(venue) || !year ? venue : `${venue} ${String(year).slice(0, 4)}`;
  return v.length <= 200 ? v : undefined;
}

/**
 * A catalog entry from a look-up and the curation the user gave. Facts come from the sources only: title and
 * authors exactly as arXiv (or the DOI registry) writes them, the v1 date, the venue and DOI once published.
 * Returns an error when the sources' data do not fit the schema (never a half entry).
 */
export function paperFromLookup(l: PaperLookup, curation: Curation): Found<Paper> {
  const a = l.arxiv;
  const w = l.doi;
  const s = l.s2;
  const title = a?.title ?? w?.title;
  if (!title) return missing('E_NO_FACTS', `no source has facts for ${l.ref.id}`);
  let authors = a?.authors ?? w?.authors ?? [];
  const etAl = authors.length > MAX_AUTHORS;
  if (etAl) authors = authors.slice(0, MAX_AUTHORS);
  const doi = a ? (a.doi ?? s?.doi) : (w?.doi ?? (l.ref.kind === 'doi' ? l.ref.id : undefined));
  const date = a?.published ?? w?.date ?? s?.publicationDate;
  const venue = venueWithYear(s?.venue, s?.venueYear ?? s?.year ?? s?.publicationDate) ?? (!a ? venueWithYear(w?.venue, w?.date) : undefined);
  const code = a ? codeLinks(a.comment, a.abstract)[0] : undefined;
  const draft = {
    ...(a ? { arxiv: a.id } : {}),
    ...(doi ? { doi } : {}),
    ...(!a && doi ? { url: `https://doi.org/${doi}` } : {}),
    title,
    ...(authors.length ? { authors } : {}),
    ...(etAl ? { et_al: true } : {}),
    ...(date ? { date } : {}),
    ...(venue ? { venue } : {}),
    ...(code ? { links: { code } } : {}),
    ...curation,
  };
  const parsed = Paper.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return missing('E_SOURCE_DATA', `the facts of ${l.ref.id} do not fit the catalog (${issue.path.join('.') || 'entry'}: ${issue.message})`, 'add it by hand from the paper\'s page, or report the odd record');
  }
  return found(parsed.data);
}
