/**
 * BibTeX: readable, stable, unique keys and entries that BibTeX reads without a warning (test/export-bibtex.test.ts
 * compiles them with `latex` + `bibtex` in the plain, alpha and plainnat styles); the fields are also those biblatex
 * uses (eprint, archivePrefix, primaryClass, doi, url).
 *
 * - Keys (src/export/keys.ts) are Google-Scholar-like and stable: `rafailov2023direct`.
 * - LaTeX escaping of non-ASCII letters and special characters comes from unicode2latex (the tables of Better
 *   BibTeX for Zotero); text with nothing to escape skips it, since it costs ~0.1 ms per call. Its tables take
 *   ~0.1 s to load, so src/commands/export.ts imports this module only when BibTeX is asked for.
 * - arXiv papers carry eprint / archivePrefix = {arXiv} (and primaryClass for old-style ids, the only ones whose
 *   subject class the catalog knows); published ones are @inproceedings/@article with their venue.
 */
import { Transform } from 'unicode2latex';
import type { Paper } from '../model/schema.js';
import { catalogKeys } from './keys.js';
import { citeYear, joinChunked, memo, paperLink, splitName, venueKind, venueName, type ExportEntry } from './paper.js';

// Re-exported: the site shows each paper's BibTeX entry with its key.
export { baseKey, bibtexKeys } from './keys.js';

const tx = new Transform('bibtex-creator');
const cache = new Map<string, string>();
/** Anything latex() has to touch: non-printable or non-ASCII, LaTeX specials, runs or ends of whitespace. */
const NEEDS_WORK = /[^\x21-\x7e ]|[#$%&<>\\^_{|}~]|  |^ | $/;

/**
 * Text for a BibTeX field: whitespace collapsed, control characters dropped, LaTeX specials and non-ASCII letters
 * as braced LaTeX commands (`{\"u}`, `\&`, `{\textbraceleft}`) so braces always balance and styles can change
 * case. Characters LaTeX has no command for (CJK) are kept as UTF-8 for XeLaTeX/LuaLaTeX and biber.
 */
export function latex(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  let out = cache.get(clean);
  if (out === undefined) {
    out = tx.tolatex(clean, { bracemath: true });
    if (cache.size > 50_000) cache.clear();
    cache.set(clean, out);
  }
  return out;
}

/**
 * A title whose acronyms and names with inner capitals keep their case when a style sentence-cases it:
 * "LLaMA: Open and Efficient" → "{LLaMA}: Open and Efficient" (rendered "LLaMA: open and efficient").
 */
export function bibtexTitle(title: string): string {
  if (!NEEDS_WORK.test(title) && !/[A-Za-z][^-/ ]*[A-Z]|[A-Z][^-/ ]*\d|\d[^-/ ]*[A-Z]/.test(title)) return title;
  const words = title.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().split(' ');
  return words
    .map((w) => {
      if (!keepsCase(w)) return latex(w);
      // Brace the word without its surrounding punctuation, so "LLaMA:" still ends a clause for the style.
      const [, pre, core, post] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(w)!;
      return `${latex(pre!)}{${latex(core!)}}${latex(post!)}`;
    })
    .join(' ');
}

/**
 * A word with a part (between "-" or "/") that has a capital after its first letter (LLaMA, GPT, Q&A) or capitals
 * with digits (T5). "Few-Shot" has neither. ASCII words (nearly all) take the faster non-Unicode pattern.
 */
function keepsCase(word: string): boolean {
  if (/^[\x00-\x7f]*$/.test(word)) return /[A-Za-z][^-/]*[A-Z]|[A-Z][^-/]*\d|\d[^-/]*[A-Z]/.test(word);
  return /\p{L}[^-/]*\p{Lu}|\p{Lu}[^-/]*\d|\d[^-/]*\p{Lu}/u.test(word);
}

/**
 * One author for an `author` field, in BibTeX's unambiguous "Family, Given" form ("Family, Jr., Given" with a
 * suffix): BibTeX guesses the split of "Given Family" from letter case, which fails on names that start with an
 * accented capital ("{\"O}mer") in other readers (biber, citation-js). One-word names (institutions) are braced
 * whole, and so are names holding the word "and", so that BibTeX never splits them.
 */
export const bibtexName = memo((name: string): string => {
  const n = splitName(name);
  if (/\band\b/i.test(name) || !n.given) return `{${latex(name)}}`;
  return latex(n.suffix ? `${n.family}, ${n.suffix}, ${n.given}` : `${n.family}, ${n.given}`);
});

/** URLs and DOIs go in verbatim-ish fields: only braces and backslashes could break the entry. */
function verbatim(text: string): string {
  if (!/[{}\\]/.test(text)) return text;
  return text.replace(/[{}\\]/g, (c) => encodeURIComponent(c));
}

/** The BibTeX entry type and fields of one paper, in the order they are written. */
export function bibtexFields(p: Paper): { type: 'misc' | 'inproceedings' | 'article'; fields: [string, string][] } {
  const fields: [string, string][] = [];
  const add = (name: string, value: string | undefined) => {
    if (value) fields.push([name, value]);
  };
  const type = !p.venue ? 'misc' : venueKind(p.venue) === 'journal' ? 'article' : 'inproceedings';
  add('title', bibtexTitle(p.title));
  if (p.authors?.length) add('author', [...p.authors.map(bibtexName), ...(p.et_al ? ['others'] : [])].join(' and '));
  else add('key', latex(p.title));
  if (p.venue) add(type === 'article' ? 'journal' : 'booktitle', latex(venueName(p.venue)));
  add('year', citeYear(p));
  if (p.arxiv) {
    add('eprint', p.arxiv);
    add('archivePrefix', 'arXiv');
    // Old-style ids name their archive ("hep-th/9901001"); new-style ids do not, and the catalog does not record it.
    add('primaryClass', /^([a-z-]+(\.[A-Z]{2})?)\//.exec(p.arxiv)?.[1]);
  }
  if (p.doi) add('doi', verbatim(p.doi));
  const url = paperLink(p);
  if (url) add('url', verbatim(url));
  return { type, fields };
}

export function renderBibtexEntry(e: ExportEntry): string {
  const { type, fields } = bibtexFields(e.paper);
  let width = 0;
  for (const [k] of fields) if (k.length > width) width = k.length;
  let out = `@${type}{${e.key},\n`;
  for (const [k, v] of fields) out += `  ${k.padEnd(width)} = {${v}},\n`;
  return out + '}\n';
}

/** A .bib file: one entry per paper, in the order given, separated by blank lines. */
export function renderBibtex(entries: ExportEntry[]): Buffer {
  return joinChunked(entries, renderBibtexEntry, '\n');
}

const entryCaches = new WeakMap<object, Map<string, string>>();

/**
 * The BibTeX entry of a catalog's paper as every output of a build shows it (papers.bib, the paper's page), with its
 * key from the whole catalog: rendered once per build and thread, on first use.
 */
export function catalogBibtex(papers: readonly { stem: string; data: Paper }[]): (stem: string, paper: Paper) => string {
  const keys = catalogKeys(papers);
  let cache = entryCaches.get(papers);
  if (!cache) entryCaches.set(papers, (cache = new Map()));
  return (stem, paper) => {
    let entry = cache.get(stem);
    if (entry === undefined) cache.set(stem, (entry = renderBibtexEntry({ stem, key: keys.get(stem)!, paper })));
    return entry;
  };
}

/** papers.bib of a catalog: its papers in file order, their entries shared with the paper pages (catalogBibtex). */
export function renderCatalogBibtex(papers: readonly { stem: string; data: Paper }[]): Buffer {
  const entry = catalogBibtex(papers);
  return joinChunked(papers as { stem: string; data: Paper }[], (p) => entry(p.stem, p.data), '\n');
}
