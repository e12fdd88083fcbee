/**
 * CSL-JSON, the input of citeproc (Zotero, Pandoc, Mendeley): an array of items keyed by the BibTeX key.
 * Preprints are `article` with publisher arXiv and the id as number (Zotero's mapping of its "preprint" type),
 * published papers `paper-conference` or `article-journal` with the venue as container-title.
 */
import type { Paper } from '../model/schema.js';
import { jsonArray, memo, Utf8Sink, paperLink, reason, splitName, venueKind, venueName, venueYear, type ExportEntry } from './paper.js';

export interface CslName {
  family?: string;
  given?: string;
  suffix?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  'citation-key': string;
  type: 'article' | 'paper-conference' | 'article-journal';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': number[][] };
  'container-title'?: string;
  publisher?: string;
  number?: string;
  DOI?: string;
  URL?: string;
  keyword?: string;
  note?: string;
}

/** The CSL name of an author (one shared, read-only object per distinct name). */
export const cslName = memo((name: string): Readonly<CslName> => {
  const n = splitName(name);
  // A one-word name ("OpenAI") is an institution: CSL keeps it whole as a literal.
  if (!n.given) return { literal: n.family };
  return { family: n.family, given: n.given, ...(n.suffix ? { suffix: n.suffix } : {}) };
});

/** Date parts of the first version, unless the paper was published in another year: then that year. */
function issued(p: Paper): number[] | undefined {
  const vy = venueYear(p.venue);
  if (p.date && (!vy || p.date.startsWith(vy))) {
    const d = p.date;
    return d.length === 10 ? [+d.slice(0, 4), +d.slice(5, 7), +d.slice(8, 10)] : d.length === 7 ? [+d.slice(0, 4), +d.slice(5, 7)] : [+d.slice(0, 4)];
  }
  return vy ? [Number(vy)] : undefined;
}

export function cslItem(e: ExportEntry): CslItem {
  const p = e.paper;
  const item: CslItem = { id: e.key, 'citation-key': e.key, type: !p.venue ? 'article' : venueKind(p.venue) === 'journal' ? 'article-journal' : 'paper-conference', title: p.title };
  if (p.authors?.length) item.author = p.authors.map(cslName);
  const parts = issued(p);
  if (parts) item.issued = { 'date-parts': [parts] };
  if (p.venue) item['container-title'] = venueName(p.venue);
  else if (p.arxiv) {
    item.publisher = 'arXiv';
    item.number = `arXiv:${p.arxiv}`;
  }
  if (p.doi) item.DOI = p.doi;
  const url = paperLink(p);
  if (url) item.URL = url;
  if (p.tags?.length) item.keyword = p.tags.join(', ');
  const why = reason(p);
  if (why) item.note = why.text;
  return item;
}

export function renderCsl(entries: ExportEntry[]): Buffer {
  const sink = new Utf8Sink();
  jsonArray(entries, cslItem, 0, sink);
  sink.write('\n');
  return sink.bytes();
}
