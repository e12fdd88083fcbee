/**
 * RIS (the tagged format of EndNote, Zotero, Mendeley): one record per paper, `TY` first and `ER` last, CRLF line
 * ends as the format asks. Preprints are UNPB (unpublished work) with the arXiv id as accession number, papers in
 * proceedings CPAPER, journal papers JOUR. Round-tripped through citation-js in test/export-formats.test.ts.
 */
import type { Paper } from '../model/schema.js';
import { citeYear, joinChunked, memo, paperLink, pdfLink, reason, splitName, venueKind, venueName, type ExportEntry } from './paper.js';

/** A value on one line: RIS has no continuation lines, and control characters have no business there. */
function risValue(text: string): string {
  // Catalog text is trimmed by the schema; only line breaks and other control characters need work.
  if (!/[\u0000-\u001f\u007f\u2028\u2029]/.test(text)) return text;
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** "Family, Given, Suffix", the author form RIS asks for. */
export const risName = memo((name: string): string => {
  const n = splitName(name);
  return [n.family, n.given, n.suffix].filter(Boolean).join(', ');
});

export function risType(p: Paper): 'UNPB' | 'CPAPER' | 'JOUR' {
  return !p.venue ? 'UNPB' : venueKind(p.venue) === 'journal' ? 'JOUR' : 'CPAPER';
}

export function renderRisEntry(e: ExportEntry): string {
  const p = e.paper;
  // Free text goes through risValue; ids, dates, URLs and slugs cannot hold a line break (the schema says so).
  const line = (tag: string, value: string) => (value ? `${tag}  - ${value}\r\n` : '');
  const type = risType(p);
  let out = `TY  - ${type}\r\nID  - ${e.key}\r\n` + line('TI', risValue(p.title));
  for (const a of p.authors ?? []) out += line('AU', risValue(risName(a)));
  const year = citeYear(p);
  if (year) out += line('PY', year);
  // DA (YYYY/MM/DD/, empty parts allowed) is the first version's date; readers prefer it to PY, so it is left out
  // when the paper was published in another year.
  if (p.date && year && p.date.startsWith(year)) out += line('DA', `${p.date.slice(0, 4)}/${p.date.slice(5, 7)}/${p.date.slice(8, 10)}/`);
  if (p.venue) out += line(type === 'JOUR' ? 'JO' : 'T2', risValue(venueName(p.venue)));
  if (type === 'UNPB' && p.arxiv) out += 'PB  - arXiv\r\n';
  if (p.arxiv) out += `AN  - arXiv:${p.arxiv}\r\n`;
  if (p.doi) out += line('DO', p.doi);
  const url = paperLink(p);
  if (url) out += line('UR', url);
  const pdf = pdfLink(p);
  if (pdf) out += line('L1', pdf);
  for (const t of p.tags ?? []) out += line('KW', t);
  const why = reason(p);
  if (why) out += line('N1', risValue(why.text));
  return out + 'ER  - \r\n';
}

/** A .ris file: the records one after another, separated by a blank line. */
export function renderRis(entries: ExportEntry[]): Buffer {
  return joinChunked(entries, renderRisEntry, '\r\n');
}
