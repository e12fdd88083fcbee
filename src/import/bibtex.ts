/**
 * Pure BibTeX importer: text in, paper drafts out, never throws on odd input. Parsing is @retorquere/bibtex-parser's
 * (the parser of Better BibTeX for Zotero): it turns LaTeX accents and commands into Unicode, splits author lists,
 * resolves @string macros and month names. On top of it:
 * - a missing comma between two fields (`title = {…}` newline `author = …`), which the parser reports as an error,
 *   is inserted and the entry parsed again, with a warning;
 * - a citation key used twice is reported (both entries are read; the same paper twice is merged later);
 * - arXiv ids are found wherever the exporters put them: `eprint` + `archivePrefix`/`eprinttype` (arXiv, Zotero's
 *   biblatex), `journal = {arXiv preprint arXiv:…}` (Google Scholar), `journal = {ArXiv}, volume = {abs/…}`
 *   (Semantic Scholar), arXiv DOIs `10.48550/arXiv.…` and arxiv.org links (Zotero), `note = {arXiv:…}`.
 */
import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { parseRef } from '../model/ids.js';

export interface BibDraft {
  key: string;
  type: string;
  line: number;
  arxiv?: string;
  doi?: string;
  url?: string;
  title?: string;
  authors: string[];
  /** true when the list ended in "and others". */
  etAl: boolean;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  date?: string;
  /** Journal or proceedings, unless it is arXiv itself. */
  venue?: string;
}

export interface BibImport {
  entries: BibDraft[];
  warnings: { line: number; message: string }[];
  unused: { line: number; text: string; reason: string }[];
}

const OPTIONS = { sentenceCase: false, english: false, caseProtection: false, unsupported: 'ignore' } as const;
const MARKUP = /<\/?(?:i|b|em|strong|sup|sub|sc|nc|tt|span)(?:\s[^<>]{0,100})?>/g;
const ARXIV_VENUE = /^(arxiv(\.org)?|corr|arxiv preprint.*|preprint)$/i;
const MAX_REPAIRS = 20;

const clean = (s: string | undefined): string => (s ?? '').replace(MARKUP, '').normalize('NFC').replace(/\s+/g, ' ').trim();

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function offsetOf(text: string, line: number, column: number): number {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  return Math.min(text.length, pos + column - 1);
}

/** Parses one entry's text, inserting missing commas between fields (each repair: the field, its line in the entry). */
function repair(input: string): { entry: Entry; repairs: { field: string; line: number }[] } | { error: string } {
  let text = input;
  const repairs: { field: string; line: number }[] = [];
  for (let n = 0; n <= MAX_REPAIRS; n++) {
    const lib = parse(text, OPTIONS);
    const err = lib.errors[0];
    if (!err && lib.entries[0]) return { entry: lib.entries[0], repairs };
    const m = err ? /expected "}", found "([A-Za-z][\w-]*)\s*=.*? at line (\d+), column (\d+)/s.exec(err.error) : null;
    if (!m) return { error: err ? err.error.replace(/\s+/g, ' ').slice(0, 200) : 'no entry found' };
    let at = offsetOf(text, Number(m[2]), Number(m[3]));
    while (at > 0 && /\s/.test(text[at - 1]!)) at--;
    text = `${text.slice(0, at)},${text.slice(at)}`;
    repairs.push({ field: m[1]!.toLowerCase(), line: Number(m[2]) });
  }
  return { error: 'too many missing commas' };
}

function personName(c: Creator): string {
  if (c.name) return clean(c.name);
  const last = [c.prefix, c.lastName].filter(Boolean).join(' ');
  return clean([c.firstName, last].filter(Boolean).join(' ') + (c.suffix ? `, ${c.suffix}` : ''));
}

function findArxiv(f: Record<string, unknown>): string | undefined {
  const s = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '');
  const prefix = (s('archiveprefix') || s('eprinttype')).toLowerCase();
  if (s('eprint') && (prefix === 'arxiv' || !prefix)) {
    const r = parseRef(s('eprint').replace(/^arxiv:/i, ''));
    if (r?.kind === 'arxiv') return r.id;
  }
  for (const k of ['journal', 'journaltitle', 'note', 'howpublished', 'volume', 'number', 'pages']) {
    const m = /(?:arxiv:\s*|\babs\/)([a-z-]+(?:\.[a-z]{2})?\/\d{7}|\d{4}\.\d{4,5})(v\d+)?/i.exec(s(k));
    if (m && (k !== 'volume' || /^arxiv|corr$/i.test(s('journal').trim()))) {
      const r = parseRef(m[1]!);
      if (r?.kind === 'arxiv') return r.id;
    }
  }
  for (const k of ['doi', 'url']) {
    const r = s(k) ? parseRef(s(k)) : undefined;
    if (r?.kind === 'arxiv') return r.id;
  }
  return undefined;
}

function dateOf(f: Record<string, unknown>): string | undefined {
  const date = typeof f.date === 'string' ? f.date.trim() : '';
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) return date;
  const year = typeof f.year === 'string' ? /\b(\d{4})\b/.exec(f.year)?.[1] : undefined;
  if (!year) return date ? /^(\d{4})/.exec(date)?.[1] : undefined;
  const month = typeof f.month === 'string' ? Number(f.month) : NaN;
  return month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, '0')}` : year;
}

function draftOf(e: Entry, line: number): BibDraft {
  const f = e.fields as Record<string, unknown>;
  const str = (k: string) => (typeof f[k] === 'string' ? clean(f[k] as string) : '');
  const creators = (f.author as Creator[] | undefined) ?? [];
  const etAl = creators.some((c) => c.lastName === 'others' && !c.firstName);
  const authors = creators.filter((c) => !(c.lastName === 'others' && !c.firstName)).map(personName).filter(Boolean);
  const arxiv = findArxiv(f);
  const doiRef = str('doi') ? parseRef(str('doi')) : undefined;
  const venue = [str('booktitle'), str('journal'), str('journaltitle')].find((v) => v && !ARXIV_VENUE.test(v));
  const url = str('url');
  const date = dateOf(f);
  const title = str('title');
  return {
    key: e.key,
    type: e.type,
    line,
    ...(arxiv ? { arxiv } : {}),
    ...(doiRef?.kind === 'doi' ? { doi: doiRef.id } : {}),
    ...(/^https?:\/\/\S+$/.test(url) ? { url } : {}),
    ...(title ? { title } : {}),
    authors,
    etAl,
    ...(date ? { date } : {}),
    ...(venue ? { venue } : {}),
  };
}

export function importBibtex(text: string): BibImport {
  const out: BibImport = { entries: [], warnings: [], unused: [] };
  const lib = parse(text, OPTIONS);
  let from = 0;
  const located: { entry: Entry; line: number }[] = [];
  for (const entry of lib.entries) {
    if (!entry.input) continue; // a partial entry that goes with an error below
    const at = text.indexOf(entry.input, from);
    if (at >= 0) from = at + entry.input.length;
    located.push({ entry, line: at >= 0 ? lineAt(text, at) : 1 });
  }
  for (const err of lib.errors) {
    const at = err.input ? text.indexOf(err.input) : -1;
    const line = at >= 0 ? lineAt(text, at) : Number(/at line (\d+)/.exec(err.error)?.[1] ?? 1);
    const fixed = err.input ? repair(err.input) : { error: err.error };
    if ('entry' in fixed) {
      for (const r of fixed.repairs) out.warnings.push({ line: line + r.line - 1, message: `missing comma before "${r.field}": read as if it were there` });
      located.push({ entry: fixed.entry, line });
    } else {
      out.unused.push({ line, text: (err.input ?? '').split('\n')[0]!.slice(0, 120), reason: `unreadable BibTeX: ${fixed.error}` });
    }
  }
  located.sort((a, b) => a.line - b.line);
  const keys = new Map<string, number>();
  for (const { entry, line } of located) {
    const first = keys.get(entry.key);
    if (first !== undefined) out.warnings.push({ line, message: `citation key "${entry.key}" is used twice (first at line ${first})` });
    else keys.set(entry.key, line);
    const d = draftOf(entry, line);
    if (!d.title && !d.arxiv) {
      out.unused.push({ line, text: `@${entry.type}{${entry.key}`, reason: 'no title and no arXiv id' });
      continue;
    }
    out.entries.push(d);
  }
  return out;
}
