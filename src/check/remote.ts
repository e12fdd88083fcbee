/**
 * `check --remote` rules: pure comparison of the hand-written facts of each paper (title, authors, date, and the
 * id itself) with what its source says. Fetching is the caller's (src/commands/check.ts); this module only judges.
 *
 * Codes:
 * - E_REMOTE_NOT_FOUND   the source has no such id (or rejects it): the id is wrong.
 * - E_REMOTE_WRONG_ID    the title names another paper than the id does: the id (or the title) is wrong.
 * - E_REMOTE_TITLE       the title differs in words; W_REMOTE_TITLE only in case, spacing or punctuation.
 * - E_REMOTE_AUTHORS     an author missing, added, replaced or out of order; W_REMOTE_AUTHOR_SPELLING for the
 *                        same surname spelled differently (accents, initials, middle names).
 * - E_REMOTE_DATE        the date is not arXiv's first-version date (W_REMOTE_DATE against a DOI registry, whose
 *                        dates mix online and print publication).
 * - W_REMOTE_UNAVAILABLE a source could not be asked: those papers were not checked.
 */
import type { Loaded } from '../catalog/load.js';
import type { Problem } from '../model/problems.js';
import type { Paper } from '../model/schema.js';
import { locate } from './rules.js';

export interface SourceRecord {
  /** For messages: "arXiv" or "Crossref". */
  source: string;
  /** The id the source was asked for (arXiv id or DOI). */
  id: string;
  /** The page a person checks. */
  url: string;
  title: string;
  authors: string[];
  /** arXiv: the v1 day; a DOI registry: a partial date. */
  date?: string;
  /** Dates from this source are authoritative (arXiv v1) rather than indicative (registries). */
  exactDate: boolean;
}

export type RemoteAnswer = { ok: true; value: SourceRecord } | { ok: false; code: string; message: string; hint?: string };

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
/** Letters and digits only: what remains equal when only case, spacing or punctuation differ. */
const bare = (s: string) => fold(s).replace(/[^\p{L}\p{N}]+/gu, '');
const TITLE_STOP = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'in', 'on', 'to', 'with', 'via', 'by', 'is', 'are', 'at', 'from']);
const words = (s: string) => new Set(fold(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w && !TITLE_STOP.has(w)));

/** Share of the shorter title's words that the other has: high for a typo or a truncated title, low for another paper. */
export function titleOverlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return common / Math.min(x.size, y.size);
}

/** One title inside the other ("llama2" in "Llama 2: Open Foundation…"): a shortened title, not another paper. */
const partOf = (a: string, b: string) => Math.min(a.length, b.length) >= 4 && (a.includes(b) || b.includes(a));

const personKey = (s: string) => fold(s).replace(/[^\p{L}\s-]+/gu, ' ').replace(/\s+/g, ' ').trim();
const surname = (s: string) => personKey(s).split(/[\s-]+/).at(-1) ?? '';

/** Edit distance (insertions, deletions, substitutions) — names are short, so the quadratic table is cheap. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The same person written differently: the same surname (initials, middle names), or a typo or two. */
function samePerson(a: string, b: string): boolean {
  const x = personKey(a);
  const y = personKey(b);
  return surname(a) === surname(b) || distance(x, y) <= Math.max(1, Math.floor(Math.min(x.length, y.length) / 8));
}

export function remoteProblems(entries: Loaded<Paper>[], answers: Map<string, RemoteAnswer>): Problem[] {
  const problems: Problem[] = [];
  const unavailable = new Map<string, number>();
  for (const e of entries) {
    const answer = answers.get(e.file);
    if (!answer) continue;
    const idKey = e.data.arxiv ? 'arxiv' : 'doi';
    const at = (code: string, severity: Problem['severity'], message: string, hint: string, key: string, value?: string): Problem => ({ code, severity, file: e.file, ...locate(e.text, key, value), message, hint });
    if (!answer.ok) {
      if (answer.code === 'E_SOURCE_UNAVAILABLE') unavailable.set(answer.message, (unavailable.get(answer.message) ?? 0) + 1);
      else problems.push(at('E_REMOTE_NOT_FOUND', 'error', answer.message, answer.hint ?? 'fix the id', idKey));
      continue;
    }
    const src = answer.value;
    const p = e.data;
    // 1. Title — and through it, the id.
    if (p.title !== src.title) {
      if (bare(p.title) === bare(src.title)) {
        problems.push(at('W_REMOTE_TITLE', 'warning', `the title differs from ${src.source}'s in case, spacing or punctuation: "${src.title}"`, `copy the exact title from ${src.url}`, 'title'));
      } else if (titleOverlap(p.title, src.title) < 0.6 && !partOf(bare(p.title), bare(src.title))) {
        problems.push(at('E_REMOTE_WRONG_ID', 'error', `${src.source} ${src.id} is "${src.title}", not "${p.title}": the id points at another paper`, `look the paper up and fix "${idKey}" (or fix the title if the id is right); ${src.url}`, idKey));
        continue; // authors and date of another paper would only add noise
      } else {
        problems.push(at('E_REMOTE_TITLE', 'error', `the title differs from ${src.source}'s: "${src.title}"`, `copy the exact title from ${src.url}`, 'title'));
      }
    }
    // 2. Authors, when written.
    if (p.authors?.length && src.authors.length) problems.push(...compareAuthors(p, src, at));
    // 3. Date.
    if (p.date && src.date) {
      const n = Math.min(p.date.length, src.date.length);
      if (p.date.slice(0, n) !== src.date.slice(0, n)) {
        problems.push(
          src.exactDate
            ? at('E_REMOTE_DATE', 'error', `date ${p.date} is not the date of the first version on ${src.source} (${src.date})`, `set date: ${src.date}`, 'date')
            : at('W_REMOTE_DATE', 'warning', `date ${p.date} differs from the publication date ${src.source} records (${src.date})`, `check it at ${src.url}`, 'date'),
        );
      }
    }
  }
  for (const [message, n] of unavailable) {
    problems.push({ code: 'W_REMOTE_UNAVAILABLE', severity: 'warning', message: `${n} paper(s) not checked: ${message}`, hint: 'run check --remote again later; answers already fetched are cached' });
  }
  return problems;
}

type At = (code: string, severity: Problem['severity'], message: string, hint: string, key: string, value?: string) => Problem;

function compareAuthors(p: Paper, src: SourceRecord, at: At): Problem[] {
  const mine = p.authors!;
  // With et_al the file lists only the first authors: compare with as many of the source's.
  const theirs = p.et_al ? src.authors.slice(0, mine.length) : src.authors;
  if (mine.length === theirs.length && mine.every((a, i) => a === theirs[i])) return [];
  const out: Problem[] = [];
  const mineKeys = mine.map(personKey);
  const theirKeys = theirs.map(personKey);
  const sameSet = mineKeys.length === theirKeys.length && [...mineKeys].sort().join('|') === [...theirKeys].sort().join('|');
  if (sameSet) {
    mine.forEach((a, i) => {
      const j = theirKeys.indexOf(mineKeys[i]!);
      if (theirs[j] !== a) out.push(at('W_REMOTE_AUTHOR_SPELLING', 'warning', `author "${a}" is written "${theirs[j]}" on ${src.source}`, `copy the name from ${src.url}`, 'authors', a));
    });
    if (mineKeys.some((k, i) => k !== theirKeys[i])) out.push(at('E_REMOTE_AUTHORS', 'error', `the authors are in another order than on ${src.source}: ${theirs.slice(0, 6).join(', ')}${theirs.length > 6 ? ', …' : ''}`, `list them in ${src.source}'s order (${src.url})`, 'authors'));
    return out;
  }
  const missing = theirs.filter((_, i) => !mineKeys.includes(theirKeys[i]!));
  for (let i = 0; i < mine.length; i++) {
    if (theirKeys.includes(mineKeys[i]!)) {
      const j = theirKeys.indexOf(mineKeys[i]!);
      if (theirs[j] !== mine[i]) out.push(at('W_REMOTE_AUTHOR_SPELLING', 'warning', `author "${mine[i]}" is written "${theirs[j]}" on ${src.source}`, `copy the name from ${src.url}`, 'authors', mine[i]));
      continue;
    }
    const twin = missing.findIndex((m) => samePerson(m, mine[i]!));
    if (twin >= 0) {
      out.push(at('W_REMOTE_AUTHOR_SPELLING', 'warning', `author "${mine[i]}" is written "${missing[twin]}" on ${src.source}`, `copy the name from ${src.url}`, 'authors', mine[i]));
      missing.splice(twin, 1);
    } else {
      out.push(at('E_REMOTE_AUTHORS', 'error', `"${mine[i]}" is not an author of ${src.source} ${src.id}`, `copy the author list from ${src.url}`, 'authors', mine[i]));
    }
  }
  if (missing.length) {
    out.push(at('E_REMOTE_AUTHORS', 'error', `${missing.length} author(s) on ${src.source} are missing here: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, p.et_al ? `copy the author list from ${src.url}` : `copy the author list from ${src.url}, or set et_al: true for a very long list`, 'authors'));
  }
  return out;
}
