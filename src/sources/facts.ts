/**
 * Fetched facts: the machine-maintained cache `refresh` writes to `catalog/facts.jsonl`, apart from the
 * hand-curated `catalog/papers/<stem>.yaml` so that people's diffs stay clean. It holds what the sources say
 * (latest version, abstract, venue and DOI found, citation count, TL;DR, code links) and can be deleted and
 * fetched again at any time. Also: building a catalog entry from a look-up (for `add`).
 *
 * One file for the whole catalog, one line per paper (canonical JSON, keys in schema order, lines sorted by stem):
 * a change to one paper's facts is a one-line diff, and a refresh of thousands of papers writes one file instead of
 * thousands (creating a file is what costs most on some file systems: ~0.5 ms of kernel time each on ext4 after
 * many deletions, more than the rest of a refresh). A paper's line is rewritten only when a fact changed;
 * `updated` is the day that last happened.
 *
 * Earlier versions kept one file per paper, `catalog/facts/<stem>.json` (and `add`, `import`, `accept` may still
 * write them): they are read too, the newer of the two by `updated` winning (the store on a tie), and `refresh`
 * moves them into the store.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FileChange } from '../catalog/files.js';
import { Paper, type Curation } from '../model/schema.js';
import type { ArxivEntry } from './arxiv.js';
import type { DoiWork } from './doi.js';
import type { PaperLookup } from './lookup.js';
import { found, missing, type Found } from './result.js';
import type { S2Paper } from './s2.js';

/** The facts store of a catalog: `catalog/facts.jsonl`. */
export const FACTS_FILE = 'facts.jsonl';
/** The folder of per-paper facts files of earlier versions: `catalog/facts/<stem>.json`. */
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

/** The facts store of a catalog. */
export function factsStorePath(catalogDir: string): string {
  return join(catalogDir, FACTS_FILE);
}

/** Facts from untrusted text (a store line, a per-paper file): undefined when it is not JSON or not in the schema. */
function parseFacts(text: string): Facts | undefined {
  try {
    const parsed = FactsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The stem of a store line: `key` comes first in the lines this module writes; a hand-edited line is parsed. */
function keyOfLine(line: string): string | undefined {
  const m = /^\{"key":("(?:[^"\\]|\\.)*")[,}]/.exec(line);
  try {
    const key = m ? JSON.parse(m[1]!) : (JSON.parse(line) as { key?: unknown }).key;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined; // a torn or hand-mangled line (a merge conflict marker): that paper is fetched again
  }
}

/**
 * The facts of a catalog, read once: the store's lines (parsed and checked against the schema when asked for), and
 * the per-paper files of earlier versions. `set` changes a paper's facts; `change()` is the store's new content as
 * one FileChange for the journaled writer, undefined when no line changed.
 */
export class FactsStore {
  /** Store lines by stem, as read or as set. */
  private readonly lines = new Map<string, string>();
  private readonly parsed = new Map<string, Facts | undefined>();
  /** Per-paper files of earlier versions, by stem. */
  private readonly legacy = new Map<string, string>();
  private dirty = false;

  private constructor(readonly catalogDir: string) {}

  /** Reads the store and lists the per-paper files. A missing store is an empty one. */
  static open(catalogDir: string): FactsStore {
    const store = new FactsStore(catalogDir);
    let text = '';
    try {
      text = readFileSync(factsStorePath(catalogDir), 'utf8');
    } catch {
      // no facts yet
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      const key = keyOfLine(line);
      if (key !== undefined) store.lines.set(key, line);
    }
    const dir = join(catalogDir, FACTS_DIR);
    if (existsSync(dir)) {
      for (const name of readdirSync(dir)) if (name.endsWith('.json')) store.legacy.set(name.slice(0, -5), join(dir, name));
    }
    return store;
  }

  /** A paper's facts, or undefined when there are none or they are unreadable (refresh then rewrites them). */
  get(stem: string): Facts | undefined {
    if (this.parsed.has(stem)) return this.parsed.get(stem);
    const line = this.lines.get(stem);
    let facts = line === undefined ? undefined : parseFacts(line);
    const file = this.legacy.get(stem);
    if (file !== undefined) {
      let old: Facts | undefined;
      try {
        old = parseFacts(readFileSync(file, 'utf8'));
      } catch {
        old = undefined;
      }
      if (old && (!facts || old.updated > facts.updated)) facts = old;
    }
    this.parsed.set(stem, facts);
    return facts;
  }

  /**
   * Whether a look-up leaves a paper's facts as they are, judged on its line alone (no parse, no schema check: a
   * re-run of refresh over thousands of unchanged papers): true when the look-up's facts, dated as the line is, are
   * that very line. False says nothing: merge with get() as usual (a source that failed keeps its facts).
   */
  unchangedBy(stem: string, l: PaperLookup): boolean {
    const line = this.lines.get(stem);
    if (line === undefined || this.legacy.has(stem)) return false;
    const updated = /"updated":"(\d{4}-\d{2}-\d{2})"\}$/.exec(line)?.[1];
    return updated !== undefined && factsLine(factsFromLookup(stem, l, updated)) === line;
  }

  /** Sets a paper's facts (`facts.key` is its stem). The store changes only if its line does. */
  set(facts: Facts): void {
    const line = factsLine(facts);
    this.parsed.set(facts.key, facts);
    if (this.lines.get(facts.key) === line) return;
    this.lines.set(facts.key, line);
    this.dirty = true;
  }

  /** Moves the readable per-paper files into the store (`set` of each one that is newer than its line). */
  adoptLegacy(): void {
    for (const stem of this.legacy.keys()) {
      const f = this.get(stem);
      if (f) this.set(f);
    }
  }

  /** The store's new content, or undefined when no line changed. Lines sorted by stem. */
  change(): FileChange | undefined {
    if (!this.dirty) return undefined;
    const stems = [...this.lines.keys()].sort();
    let content = '';
    for (const stem of stems) content += this.lines.get(stem) + '\n';
    return { path: factsStorePath(this.catalogDir), content };
  }

  /**
   * After the store is written: removes the per-paper files whose paper is in the store now (the store's line is
   * as new as theirs, or theirs was unreadable), and their folder when it is empty. A file left by an interruption
   * here does no harm: the store wins ties.
   */
  removeAdoptedLegacy(): string[] {
    const removed: string[] = [];
    for (const [stem, file] of this.legacy) {
      if (!this.lines.has(stem)) continue;
      rmSync(file, { force: true });
      removed.push(file);
      this.legacy.delete(stem);
    }
    if (removed.length && this.legacy.size === 0) {
      try {
        rmdirSync(join(this.catalogDir, FACTS_DIR));
      } catch {
        // not empty (other files): leave it
      }
    }
    return removed;
  }
}

/** The store of each catalog this process read, with the store file's size and mtime when read. */
const openStores = new Map<string, { stamp: string; store: FactsStore }>();

function stampOf(catalogDir: string): string {
  const stamp = (path: string) => {
    try {
      const st = statSync(path);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return `${stamp(factsStorePath(catalogDir))}|${stamp(join(catalogDir, FACTS_DIR))}`;
}

/**
 * The facts of a paper, or undefined when there are none or they are unreadable (refresh then rewrites them). The
 * store is read once per process and again only when it (or the per-paper folder) changed on disk.
 */
export function readFacts(catalogDir: string, stem: string): Facts | undefined {
  const stamp = stampOf(catalogDir);
  let open = openStores.get(catalogDir);
  if (!open || open.stamp !== stamp) {
    open = { stamp, store: FactsStore.open(catalogDir) };
    openStores.set(catalogDir, open);
  }
  return open.store.get(stem);
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
  return a === b || factsLine({ ...a, updated: '' }) === factsLine({ ...b, updated: '' });
}

const FACTS_KEYS = Object.keys(FactsSchema.shape) as (keyof Facts)[];

function ordered(f: Facts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FACTS_KEYS) if (f[k] !== undefined) out[k] = f[k];
  return out;
}

/** A paper's line in the store: canonical JSON on one line, keys in schema order (`key` first). */
export function factsLine(f: Facts): string {
  return JSON.stringify(ordered(f));
}

/** What changed between two facts files, in words, for the refresh report. */
export function describeChange(before: Facts | undefined, after: Facts): string[] {
  if (!before) return ['new facts'];
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
