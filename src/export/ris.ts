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
  const lines: string[] = [];
  const add = (tag: string, value: string | undefined) => {
    const v = value === undefined ? '' : risValue(value);
    if (v) lines.push(`${tag}  - ${v}`);
  };
  const type = risType(p);
  add('TY', type);
  add('ID', e.key);
  add('TI', p.title);
  for (const a of p.authors ?? []) add('AU', risName(a));
  const year = citeYear(p);
  add('PY', year);
  // DA (YYYY/MM/DD/, empty parts allowed) is the first version's date; readers prefer it to PY, so it is left out
  // when the paper was published in another year.
  if (p.date && p.date.startsWith(year ?? '-')) add('DA', `${p.date.slice(0, 4)}/${p.date.slice(5, 7)}/${p.date.slice(8, 10)}/`);
  if (p.venue) add(type === 'JOUR' ? 'JO' : 'T2', venueName(p.venue));
  if (type === 'UNPB' && p.arxiv) add('PB', 'arXiv');
  if (p.arxiv) add('AN', `arXiv:${p.arxiv}`);
  add('DO', p.doi);
  add('UR', paperLink(p));
  add('L1', pdfLink(p));
  for (const t of p.tags ?? []) add('KW', t);
  add('N1', reason(p)?.text);
  lines.push('ER  - ');
  return lines.join('\r\n') + '\r\n';
}

/** A .ris file: the records one after another, separated by a blank line. */
export function renderRis(entries: ExportEntry[]): string {
  return joinChunked(entries, renderRisEntry, '\r\n');
}
