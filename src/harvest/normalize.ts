/**
 * Pure: one record of a source (already parsed from JSON or XML) → a checked HarvestedPaper, or the reason it was
 * refused. One function per source format; the I/O around them lives in jsonl.ts, oai.ts and api.ts.
 */
import { checkRecord, cleanText, normalizeArxivId, toDay, type HarvestedPaper } from '../store/record.js';

export type Normalized = { ok: true; paper: HarvestedPaper } | { ok: false; reason: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const text = (v: unknown): string | undefined => {
  const s = str(v);
  return s === undefined ? undefined : cleanText(s);
};
type Draft = Partial<HarvestedPaper> & { id: string; title: string };
/** Sets the optional fields that have a value (assignment, not spreads: this runs for every line of a bulk import). */
function withOptional(draft: Draft, fields: { [K in keyof HarvestedPaper]?: HarvestedPaper[K] | '' | null }): Draft {
  const d = draft as Record<string, unknown>;
  for (const k in fields) {
    const v = fields[k as keyof HarvestedPaper];
    if (v !== undefined && v !== null && v !== '') d[k] = v;
  }
  return draft;
}

/** "A. One, B. Two and C. Three" (arXiv's author string) → names. Affiliations in parentheses are dropped. */
export function splitAuthors(s: string): string[] {
  const flat = cleanText(s.replace(/\([^()]*\)/g, ' '));
  return flat
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

function categoriesOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((c) => cleanText(String(c))).filter(Boolean);
  if (typeof v === 'string') return cleanText(v).split(' ').filter(Boolean);
  return [];
}

function idOf(raw: unknown): { id: string; version?: number } | undefined {
  const s = str(raw);
  return s === undefined ? undefined : normalizeArxivId(s);
}

/**
 * A line of the arXiv metadata snapshot (`arxiv-metadata-oai-snapshot.json`): `authors_parsed` ([last, first,
 * suffix]) gives the names with LaTeX accents resolved; `versions` the v1 and latest dates.
 */
export function fromSnapshot(o: Record<string, unknown>): Normalized {
  const ref = idOf(o.id);
  if (!ref) return { ok: false, reason: `id: not an arXiv id: ${JSON.stringify(o.id)?.slice(0, 60)}` };
  const versions = Array.isArray(o.versions) ? (o.versions as { version?: unknown; created?: unknown }[]) : [];
  const parsed = Array.isArray(o.authors_parsed) ? (o.authors_parsed as unknown[][]) : undefined;
  const authors = parsed
    ? parsed.map((a) => cleanText([a[1], a[0], a[2]].filter((x) => typeof x === 'string' && x.trim()).join(' '))).filter(Boolean)
    : typeof o.authors === 'string'
      ? splitAuthors(o.authors)
      : [];
  const last = versions.at(-1);
  const lastNumber = Number(/^v(\d+)$/.exec(String(last?.version ?? ''))?.[1]);
  return checkRecord(
    withOptional(
      {
        id: ref.id,
        title: text(o.title) ?? '',
        abstract: text(o.abstract) ?? '',
        authors,
        categories: categoriesOf(o.categories),
      },
      {
        version: Number.isInteger(lastNumber) && lastNumber > 0 ? lastNumber : ref.version,
        published: toDay(versions[0]?.created),
        updated: toDay(last?.created) ?? toDay(o.update_date),
        doi: text(o.doi),
        journalRef: text(o['journal-ref']),
        comments: text(o.comments),
      },
    ),
  );
}

/**
 * A generic JSON line of a paper: `id`, `title`, `abstract` or `summary`, `authors` (a list or arXiv's string),
 * `categories` (a list or space-separated), and a date: `announced`, `published` / `date` / `created` (v1),
 * `updated`. Such files come from daily digests, Kaggle exports and other tools.
 */
export function fromGenericJson(o: Record<string, unknown>): Normalized {
  const ref = idOf(o.id ?? o.arxiv ?? o.arxiv_id);
  if (!ref) return { ok: false, reason: `id: not an arXiv id: ${JSON.stringify(o.id ?? o.arxiv ?? o.arxiv_id ?? null).slice(0, 60)}` };
  const authors = Array.isArray(o.authors)
    ? o.authors.map((a) => (typeof a === 'string' ? cleanText(a) : typeof a === 'object' && a && 'name' in a ? cleanText(String((a as { name: unknown }).name)) : '')).filter(Boolean)
    : typeof o.authors === 'string'
      ? splitAuthors(o.authors)
      : [];
  return checkRecord(
    withOptional(
      {
        id: ref.id,
        title: text(o.title) ?? '',
        abstract: text(o.abstract ?? o.summary) ?? '',
        authors,
        categories: categoriesOf(o.categories ?? o.category),
      },
      {
        version: ref.version,
        published: toDay(o.published ?? o.date ?? o.created),
        updated: toDay(o.updated ?? o.update_date),
        announced: toDay(o.announced),
        doi: text(o.doi),
        journalRef: text(o.journal_ref ?? o['journal-ref']),
        comments: text(o.comment ?? o.comments),
      },
    ),
  );
}

/** A JSON line: the snapshot when it has the snapshot's own fields, else the generic shape. */
export function fromJsonLine(o: Record<string, unknown>): Normalized & { format: 'snapshot' | 'jsonl' } {
  const snapshot = Array.isArray(o.versions) || Array.isArray(o.authors_parsed) || 'update_date' in o;
  return { ...(snapshot ? fromSnapshot(o) : fromGenericJson(o)), format: snapshot ? 'snapshot' : 'jsonl' };
}

/** Text content of an XML node as fast-xml-parser gives it (a string, a number, or an object with `#text`). */
export function xmlText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return xmlText(v[0]);
  if (typeof v === 'object' && '#text' in (v as object)) return xmlText((v as { '#text': unknown })['#text']);
  return undefined;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The `<arXiv>` metadata of an OAI-PMH record (metadataPrefix=arXiv). */
export function fromOaiArxiv(m: Record<string, unknown>): Normalized {
  const ref = idOf(xmlText(m.id));
  if (!ref) return { ok: false, reason: `id: not an arXiv id: ${xmlText(m.id)?.slice(0, 60)}` };
  const authors = list((m.authors as { author?: unknown } | undefined)?.author as Record<string, unknown>[] | Record<string, unknown> | undefined).map((a) =>
    cleanText([xmlText(a.forenames), xmlText(a.keyname), xmlText(a.suffix)].filter(Boolean).join(' ')),
  );
  return checkRecord(
    withOptional(
      {
        id: ref.id,
        title: text(xmlText(m.title)) ?? '',
        abstract: text(xmlText(m.abstract)) ?? '',
        authors: authors.filter(Boolean),
        categories: categoriesOf(xmlText(m.categories)),
      },
      {
        published: toDay(xmlText(m.created)),
        updated: toDay(xmlText(m.updated)) ?? toDay(xmlText(m.created)),
        doi: text(xmlText(m.doi)),
        journalRef: text(xmlText(m['journal-ref'])),
        comments: text(xmlText(m.comments)),
      },
    ),
  );
}

/** The `<arXivRaw>` metadata of an OAI-PMH record: the version history gives v1 and latest dates. */
export function fromOaiArxivRaw(m: Record<string, unknown>): Normalized {
  const ref = idOf(xmlText(m.id));
  if (!ref) return { ok: false, reason: `id: not an arXiv id: ${xmlText(m.id)?.slice(0, 60)}` };
  const versions = list(m.version as Record<string, unknown>[] | Record<string, unknown> | undefined);
  const numbers = versions.map((v) => Number(/^v(\d+)$/.exec(String(v['@_version'] ?? ''))?.[1])).filter((x) => x > 0);
  return checkRecord(
    withOptional(
      {
        id: ref.id,
        title: text(xmlText(m.title)) ?? '',
        abstract: text(xmlText(m.abstract)) ?? '',
        authors: splitAuthors(xmlText(m.authors) ?? ''),
        categories: categoriesOf(xmlText(m.categories)),
      },
      {
        // arXivRaw lists several DOIs space-separated (paper and erratum): keep the first.
        version: numbers.length ? Math.max(...numbers) : undefined,
        published: toDay(xmlText(versions[0]?.date)),
        updated: toDay(xmlText(versions.at(-1)?.date)),
        doi: text(xmlText(m.doi))?.split(' ')[0],
        journalRef: text(xmlText(m['journal-ref'])),
        comments: text(xmlText(m.comments)),
      },
    ),
  );
}

/** An Atom `<entry>` of the arXiv API. */
export function fromAtomEntry(e: Record<string, unknown>): Normalized {
  const ref = idOf(xmlText(e.id));
  if (!ref) return { ok: false, reason: `id: not an arXiv id: ${xmlText(e.id)?.slice(0, 80)}` };
  const cats = list(e.category as Record<string, unknown>[] | Record<string, unknown> | undefined).map((c) => String(c['@_term'] ?? '')).filter(Boolean);
  const primary = String((e['arxiv:primary_category'] as Record<string, unknown> | undefined)?.['@_term'] ?? '');
  const categories = primary ? [primary, ...cats.filter((c) => c !== primary)] : cats;
  return checkRecord(
    withOptional(
      {
        id: ref.id,
        title: text(xmlText(e.title)) ?? '',
        abstract: text(xmlText(e.summary)) ?? '',
        authors: list(e.author as Record<string, unknown>[] | Record<string, unknown> | undefined).map((a) => cleanText(xmlText(a.name) ?? '')).filter(Boolean),
        categories,
      },
      {
        version: ref.version,
        published: toDay(xmlText(e.published)),
        updated: toDay(xmlText(e.updated)),
        doi: text(xmlText(e['arxiv:doi'])),
        journalRef: text(xmlText(e['arxiv:journal_ref'])),
        comments: text(xmlText(e['arxiv:comment'])),
      },
    ),
  );
}
