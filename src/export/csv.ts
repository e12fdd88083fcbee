/**
 * CSV for spreadsheets: a header row and one row per paper, quoted per RFC 4180 — CRLF between records, a field
 * with a comma, a double quote or a line break in double quotes, inner quotes doubled. Lists (authors, categories,
 * tags) are joined with "; ". Cells that a spreadsheet would run as a formula (=, +, -, @, tab or CR first) get a
 * leading apostrophe (OWASP's advice): the catalog is untrusted text.
 *
 * Hand-written rather than csv-stringify: quoting is three lines, and the library took ~200 ms for 10k papers,
 * a fifth of the time build may spend on all exports and feeds. test/export-formats.test.ts reads the output back
 * with csv-parse.
 */
import { citeYear, joinChunked, paperLink, pdfLink, type ExportEntry } from './paper.js';

export const CSV_COLUMNS = ['key', 'stem', 'arxiv', 'doi', 'id', 'title', 'authors', 'date', 'year', 'venue', 'categories', 'tags', 'added', 'why_en', 'why_zh', 'url', 'pdf', 'code', 'project'] as const;

/** One field, quoted when RFC 4180 requires it, defused when a spreadsheet would read it as a formula. */
export function csvField(value: string): string {
  if (!/^[=+\-@\t\r]|[",\r\n]/.test(value)) return value;
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRow(e: ExportEntry): string[] {
  const p = e.paper;
  return [
    e.key,
    e.stem,
    p.arxiv ?? '',
    p.doi ?? '',
    p.id ?? '',
    p.title,
    (p.et_al ? [...(p.authors ?? []), 'et al.'] : (p.authors ?? [])).join('; '),
    p.date ?? '',
    citeYear(p) ?? '',
    p.venue ?? '',
    p.categories.join('; '),
    (p.tags ?? []).join('; '),
    p.added,
    p.why?.en ?? '',
    p.why?.zh ?? '',
    paperLink(p) ?? '',
    pdfLink(p) ?? '',
    p.links?.code ?? '',
    p.links?.project ?? '',
  ];
}

export function renderCsv(entries: ExportEntry[]): Buffer {
  const line = (e: ExportEntry) => {
    const row = csvRow(e);
    let s = csvField(row[0]!);
    for (let i = 1; i < row.length; i++) s += ',' + csvField(row[i]!);
    return s + '\r\n';
  };
  return joinChunked(entries, line, '', CSV_COLUMNS.join(',') + '\r\n');
}
