/** Identifiers of papers: parsing what people paste, and the file name each paper is stored under. */

export type PaperRef = { kind: 'arxiv'; id: string; version?: number } | { kind: 'doi'; id: string };

const NEW_ID = /(\d{4}\.\d{4,5})(v(\d+))?/;
const OLD_ID = /([a-z][a-z-]*(?:\.[A-Za-z]{2})?\/\d{7})(v(\d+))?/;

/**
 * Reads an arXiv id or DOI in any form people paste: `2305.18290`, `2305.18290v2`, `arXiv:2305.18290`,
 * `https://arxiv.org/abs/…`, `/pdf/….pdf`, `/html/…`, `/ftp/arxiv/papers/2312/2312.00752.pdf`, old-style
 * `hep-th/9901001` or `math.GT/0309136`, a DOI `10.…` or `https://doi.org/10.…`. Returns undefined otherwise.
 */
export function parseRef(input: string): PaperRef | undefined {
  const s = input.trim();
  const doi = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)?(10\.\d{4,9}\/\S+)$/i.exec(s);
  if (doi) {
    const id = decodeURIComponent(doi[1]!);
    // arXiv's own DOIs name the arXiv paper.
    const ax = /^10\.48550\/arxiv\.(.+)$/i.exec(id);
    return ax ? parseRef(ax[1]!) : { kind: 'doi', id: id.toLowerCase() };
  }
  let rest = s;
  const url = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|ftp\/arxiv\/papers\/\d{4})\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(s);
  if (url) rest = url[1]!;
  else if (/^https?:\/\//i.test(s)) return undefined;
  rest = rest.replace(/^arxiv:/i, '');
  const m = new RegExp(`^${NEW_ID.source}$`).exec(rest);
  if (m && isNewStyleId(m[1]!)) return { kind: 'arxiv', id: m[1]!, ...(m[3] ? { version: Number(m[3]) } : {}) };
  const o = new RegExp(`^${OLD_ID.source}$`).exec(rest);
  if (o) {
    const [archive, num] = o[1]!.split('/') as [string, string];
    // Subject classes keep their case (math.GT); the archive is lower-case.
    const [a, sub] = archive.split('.');
    const id = `${a!.toLowerCase()}${sub ? '.' + sub.toUpperCase() : ''}/${num}`;
    return { kind: 'arxiv', id, ...(o[3] ? { version: Number(o[3]) } : {}) };
  }
  return undefined;
}

/** New-style ids have 4 digits after the dot until 2014 (YYMM.NNNN) and 5 from 2015 (YYMM.NNNNN). */
export function isNewStyleId(id: string): boolean {
  const m = /^(\d{2})(\d{2})\.(\d{4,5})$/.exec(id);
  if (!m) return false;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  return (Number(m[1]) >= 15 ? 5 : 4) === m[3]!.length;
}

/** Finds the first arXiv id inside a link (for importing lists). */
export function arxivIdInUrl(url: string): string | undefined {
  const ref = parseRef(url);
  return ref?.kind === 'arxiv' ? ref.id : undefined;
}

/** The month an arXiv id was assigned, as "YYYY-MM" (ids say when their first version was submitted). */
export function arxivMonth(id: string): string | undefined {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const year = yy >= 91 ? 1900 + yy : 2000 + yy;
  return `${year}-${m[2]}`;
}

/** File stem a paper is stored under: `2305.18290`, `hep-th_9901001`, `doi_10.18653_v1_n19-1423`, or its key. */
export function paperStem(p: { arxiv?: string; doi?: string; id?: string }): string {
  if (p.arxiv) return p.arxiv.replace('/', '_');
  if (p.doi) return 'doi_' + p.doi.toLowerCase().replace(/[^a-z0-9.-]+/g, '_');
  if (p.id) return p.id;
  throw new Error('a paper needs an arxiv id, a DOI or an id');
}

/** The key other entries and the site use for a paper (stable across renames of the title). */
export function paperKey(p: { arxiv?: string; doi?: string; id?: string }): string {
  return paperStem(p);
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** Lower-case words joined by dashes; keeps CJK characters (for ids made from Chinese headings). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}
