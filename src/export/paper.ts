/**
 * Pure helpers shared by the export renderers and the feeds: which entries to export, the paper's own link, the
 * reason to read, the publication year, name splitting and the kind of venue. Each is tested on its own
 * (test/export-helpers.test.ts).
 */
import { fail } from '../model/problems.js';
import type { Paper, Resource, Taxonomy } from '../model/schema.js';
import { arxivAbsUrl } from '../model/ids.js';
import { categorySubtrees } from '../model/taxonomy.js';

/** A paper as the exporters see it: its file stem, its citation key (unique in the whole catalog), its data. */
export interface ExportEntry {
  stem: string;
  key: string;
  paper: Paper;
}

export interface ExportResource {
  stem: string;
  resource: Resource;
}

/** Where the paper itself lives: its arXiv abstract page, else its DOI, else its landing page. */
export function paperLink(p: Paper): string | undefined {
  if (p.arxiv) return arxivAbsUrl(p.arxiv);
  if (p.doi) return doiUrl(p.doi);
  return p.url;
}

/** The PDF: the catalog's own link, else arXiv's. */
export function pdfLink(p: Paper): string | undefined {
  return p.links?.pdf ?? (p.arxiv ? `https://arxiv.org/pdf/${p.arxiv}` : undefined);
}

export function doiUrl(doi: string): string {
  // DOIs may hold characters that are not safe in a URL; "/" separates prefix and suffix and stays readable.
  return `https://doi.org/${encodeURIComponent(doi).replace(/%2F/g, '/')}`;
}

/** The reason to read: English when there is one, else Chinese (with its language, for xml:lang and friends). */
export function reason(p: { why?: { en?: string; zh?: string } }): { text: string; lang: 'en' | 'zh' } | undefined {
  const en = p.why?.en?.trim();
  if (en) return { text: en, lang: 'en' };
  const zh = p.why?.zh?.trim();
  if (zh) return { text: zh, lang: 'zh' };
  return undefined;
}

/** A four-digit year in the venue ("NeurIPS 2023", "NeurIPS 2023 Datasets and Benchmarks"), if any. */
export function venueYear(venue: string | undefined): string | undefined {
  return (venue && yearIn(venue)) || undefined;
}
// Venues repeat (a list has a few dozen), so the venue helpers remember their answers.
const yearIn = memo((venue: string): string => /\b(19|20)\d{2}\b/.exec(venue)?.[0] ?? '');

/** The venue without its year: "NeurIPS 2023" → "NeurIPS" (the year goes to its own field). */
export const venueName = memo((venue: string): string => {
  const name = venue.replace(/\s*\b(19|20)\d{2}\b/, '').replace(/\s*\(\s*\)/, '').replace(/\s{2,}/g, ' ').trim();
  return name || venue;
});

/**
 * The year to cite: the venue's year for a published paper (the proceedings or the journal issue), else the year
 * of the first version.
 */
export function citeYear(p: Paper): string | undefined {
  return venueYear(p.venue) ?? p.date?.slice(0, 4);
}

/**
 * Journal or proceedings? The catalog has a free-text venue, so this is a heuristic: journals are named as such
 * (Journal, Transactions, Letters, Review) or are well-known ones (TMLR, JMLR, TACL, Nature, Science, PNAS, PVLDB);
 * everything else (conferences, workshops, "Findings of ACL") is published in proceedings.
 */
export const venueKind = memo((venue: string): 'journal' | 'proceedings' =>
  /\b(journal|transactions|letters|review|magazine|TMLR|JMLR|TACL|TPAMI|Nature|Science|PNAS|PVLDB|VLDB)\b/i.test(venue) ? 'journal' : 'proceedings',
);

export interface PersonName {
  given: string;
  /** The family name with its lower-case particles ("la Tour" of "Tom Dupré la Tour"). */
  family: string;
  suffix?: string;
}

/**
 * Splits a name written "Given Family" (as arXiv lists authors) or "Family, Given". Lower-case words before the
 * last one are particles of the family name ("van der", "de", "la"); "Jr." and Roman numerals are suffixes.
 * A single word ("OpenAI") is all family name.
 */
export const splitName: (name: string) => PersonName = memo(split);

/**
 * A one-argument function with its results remembered: every export formats every author, and real lists repeat
 * authors a lot (the cache is dropped past 100k names, to bound memory).
 */
export function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= 100_000) cache.clear();
      cache.set(key, (v = fn(key)));
    }
    return v;
  };
}

function split(name: string): PersonName {
  const clean = name.replace(/\s+/g, ' ').trim();
  const comma = clean.indexOf(',');
  if (comma > 0) {
    const [family, ...rest] = clean.split(',').map((s) => s.trim());
    const given = rest.filter((s) => !/^(jr\.?|sr\.?|[IVX]+)$/i.test(s)).join(' ');
    const suffix = rest.find((s) => /^(jr\.?|sr\.?|[IVX]+)$/i.test(s));
    return { given, family: family!, ...(suffix ? { suffix } : {}) };
  }
  const words = clean.split(' ');
  let suffix: string | undefined;
  if (words.length > 2 && /^(Jr\.?|Sr\.?|II|III|IV)$/.test(words.at(-1)!)) suffix = words.pop();
  if (words.length === 1) return { given: '', family: words[0]!, ...(suffix ? { suffix } : {}) };
  let start = words.length - 1;
  while (start > 1 && /^\p{Ll}/u.test(words[start - 1]!)) start--;
  return { given: words.slice(0, start).join(' '), family: words.slice(start).join(' '), ...(suffix ? { suffix } : {}) };
}

/** Non-ASCII Latin letters that Unicode does not decompose into a base letter and an accent. */
const FOLD: Record<string, string> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H' };

/** Letters folded to ASCII ("Müller" → "Muller", "Łańcucki" → "Lancucki"); characters with no ASCII form stay. */
export function foldAscii(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁøØßæÆœŒđĐðÐþÞıħĦ]/g, (c) => FOLD[c]!);
}

/**
 * `prefix + items.map(render).join(sep) + suffix` as UTF-8 bytes, each entry's text written out as soon as it is
 * made. Joining 10k entry strings at the end kept every one of them alive until then, and V8's young-generation
 * GC copied them all, a third of the export time at 10k papers. Here they die young, and the bytes, outside the JS
 * heap, go to the file as they are (a string made from them would be encoded again on writing).
 */
export function joinChunked<T>(items: T[], render: (item: T) => string, sep: string, prefix = '', suffix = ''): Buffer {
  const sink = new Utf8Sink();
  sink.write(prefix);
  let first = true;
  for (const item of items) {
    if (!first) sink.write(sep);
    first = false;
    sink.write(render(item));
  }
  sink.write(suffix);
  return sink.bytes();
}

/**
 * `JSON.stringify(items.map(f), null, 2)` for an array that sits `depth` levels deep in a document stringified with
 * indent 2, the same text, made a few dozen items at a time through a Utf8Sink (one stringify of 10k items keeps all
 * of its output alive to the end, for the young-generation GC to copy; see joinChunked).
 */
export function jsonArray<T>(items: T[], f: (item: T) => unknown, depth: number, sink: Utf8Sink, chunk = 64): void {
  if (!items.length) return sink.write('[]');
  const pad = '  '.repeat(depth);
  // Items stringified inside {"a": …} nested `depth` times come out indented exactly as in the document.
  let open = '';
  let close = '';
  for (let d = 0; d < depth; d++) {
    open += `{\n${'  '.repeat(d + 1)}"a": `;
    close = `\n${'  '.repeat(d)}}` + close;
  }
  open += '[\n';
  close = `\n${pad}]` + close;
  sink.write('[\n');
  for (let i = 0; i < items.length; i += chunk) {
    let value: unknown = items.slice(i, i + chunk).map(f);
    for (let d = 0; d < depth; d++) value = { a: value };
    const s = JSON.stringify(value, null, 2);
    if (i) sink.write(',\n');
    sink.write(s.slice(open.length, s.length - close.length));
  }
  sink.write(`\n${pad}]`);
}

/** Text appended as UTF-8 to buffers outside the JS heap. */
export class Utf8Sink {
  private chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + text.length * 3 > this.buf.length) {
      this.chunks.push(this.buf.subarray(0, this.used));
      this.buf = Buffer.allocUnsafe(Math.max(1 << 20, text.length * 3));
      this.used = 0;
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  bytes(): Buffer {
    return Buffer.concat([...this.chunks, this.buf.subarray(0, this.used)]);
  }
}

/** Which papers to export: in any of `category` (or their sub-categories) and with every tag of `tag`. */
export interface Selection {
  category?: string[];
  tag?: string[];
}

/**
 * Applies a selection to entries that carry `categories` and `tags` (papers and resources alike). Unknown
 * categories and tags are user mistakes (thrown as problems), not empty exports.
 */
export function select<T>(items: T[], get: (item: T) => { categories: string[]; tags?: string[] }, taxonomy: Taxonomy, sel: Selection): T[] {
  const wanted = sel.category?.length ? categorySubtrees(taxonomy, sel.category) : undefined;
  const known = new Set((taxonomy.tags ?? []).map((t) => t.id));
  for (const id of sel.tag ?? []) {
    if (!known.has(id)) fail('E_UNKNOWN_TAG', `unknown tag "${id}"`, { hint: known.size ? `one of: ${[...known].join(', ')}` : 'the taxonomy lists no tags' });
  }
  return items.filter((item) => {
    const d = get(item);
    if (wanted && !d.categories.some((c) => wanted!.has(c))) return false;
    return !sel.tag?.length || sel.tag.every((t) => d.tags?.includes(t));
  });
}
