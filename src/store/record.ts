/**
 * A harvested paper as the store keeps it: one record per arXiv paper, keyed by its version-less id. Every source
 * (metadata snapshot, generic JSON lines, OAI-PMH, the arXiv API) is normalized to this shape by src/harvest, and
 * `checkRecord` bounds and validates it here, once, before anything is written: the sources are untrusted text.
 */
import { z } from 'zod';
import { isNewStyleId, parseRef } from '../model/ids.js';

const NEW_BARE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;

/** Longest text the store accepts per field; longer input is cut (abstract) or rejected (ids, categories). */
export const STORE_LIMITS = { title: 1000, abstract: 12_000, author: 300, authors: 5000, categories: 30, comments: 2000, journalRef: 1000 } as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** arXiv categories: `cs.CL`, `hep-th`, `math.GT`, `physics.atom-ph`, `q-bio.NC`. */
const CATEGORY = /^[a-z][a-z-]*(\.[A-Za-z-]{1,20})?$/;

export const HarvestedPaper = z.strictObject({
  /** Version-less arXiv id: `2305.18290`, `hep-th/9901001`, `math.GT/0309136`. */
  id: z.string().max(40).refine((s) => normalizeArxivId(s)?.id === s, { message: 'must be a version-less arXiv id' }),
  /** Latest version the source told of (1-based); undefined when the source does not say. */
  version: z.number().int().min(1).max(1000).optional(),
  title: z.string().min(1).max(STORE_LIMITS.title),
  abstract: z.string().max(STORE_LIMITS.abstract),
  authors: z.array(z.string().min(1).max(STORE_LIMITS.author)).max(STORE_LIMITS.authors),
  /** arXiv categories, primary first. */
  categories: z.array(z.string().regex(CATEGORY)).max(STORE_LIMITS.categories),
  /** Date of the first version (v1), YYYY-MM-DD. */
  published: z.string().regex(DAY).optional(),
  /** Date of the latest version, YYYY-MM-DD. */
  updated: z.string().regex(DAY).optional(),
  /** Date it was announced in the daily listing, YYYY-MM-DD, when the source tells. */
  announced: z.string().regex(DAY).optional(),
  doi: z.string().max(300).optional(),
  journalRef: z.string().max(STORE_LIMITS.journalRef).optional(),
  comments: z.string().max(STORE_LIMITS.comments).optional(),
});
export type HarvestedPaper = z.infer<typeof HarvestedPaper>;

/**
 * Where a record came from (kept per paper, for the user's information). `catalog`: a catalog paper that no source
 * has given yet, stored from its catalog entry (title and authors, no abstract) so that ranking can still learn
 * from it; any harvested record of it replaces that text.
 */
export type PaperSource = 'snapshot' | 'jsonl' | 'oai' | 'api' | 'catalog';

/** Runs of whitespace and every whitespace character that is not a plain space (line breaks, tabs, NBSP…). */
const ODD_SPACE = /\s{2,}|[\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/**
 * Collapses the hard line breaks and runs of spaces that arXiv metadata carries. (Matching only what must change,
 * not every space, makes this 3× faster on abstracts: it is on the bulk import's hot path.)
 */
export function cleanText(text: string): string {
  return text.replace(ODD_SPACE, ' ').trim();
}

/**
 * The store's key for a paper: the version-less arXiv id from any form a source uses (`oai:arXiv.org:…`,
 * `http://arxiv.org/abs/…v2`, `…v3`). Old-style ids keep their archive but not a subject class, as arXiv itself
 * writes them (`math.GT/0309136` → `math/0309136`), so the catalog's spelling and the sources' meet.
 */
export function normalizeArxivId(raw: string): { id: string; version?: number } | undefined {
  // Fast path for the common case, a bare new-style id (bulk imports call this for every line).
  const bare = NEW_BARE.exec(raw);
  if (bare && isNewStyleId(bare[1]!)) return bare[2] ? { id: bare[1]!, version: Number(bare[2]) } : { id: bare[1]! };
  const s = raw.trim().replace(/^oai:arXiv\.org:/i, '');
  const ref = parseRef(s);
  if (ref?.kind !== 'arxiv') return undefined;
  const id = ref.id.replace(/^([a-z-]+)\.[A-Z]{2}\//, '$1/');
  return ref.version ? { id, version: ref.version } : { id };
}

/** A date as YYYY-MM-DD from ISO (`2017-07-27T08:18:33Z`), plain days, or RFC 2822 (`Mon, 2 Apr 2007 19:18:42 GMT`). */
export function toDay(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  const s = raw.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(s);
  if (iso) return iso[1];
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Validates and bounds a normalized record. Over-long abstracts and comments are cut (they are context, not
 * identity); a record without a valid id or title is refused with the reason.
 */
export function checkRecord(draft: Partial<HarvestedPaper> & { id?: string }): { ok: true; paper: HarvestedPaper } | { ok: false; reason: string } {
  const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
  // Built key by key (no `delete`: objects that lose keys get slow, and this runs for every line of a bulk import).
  const candidate: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(draft)) if (v !== undefined) candidate[k] = v;
  candidate.abstract = cut(draft.abstract ?? '', STORE_LIMITS.abstract);
  if (draft.comments !== undefined) candidate.comments = cut(draft.comments, STORE_LIMITS.comments);
  if (draft.journalRef !== undefined) candidate.journalRef = cut(draft.journalRef, STORE_LIMITS.journalRef);
  candidate.authors = (draft.authors ?? []).map((a) => cut(a, STORE_LIMITS.author)).filter((a) => a.length > 0);
  // Sources mix in other schemes (the API lists ACM and MSC classes such as "I.2.7"): keep arXiv's own.
  candidate.categories = [...new Set(draft.categories ?? [])].filter((c) => CATEGORY.test(c)).slice(0, STORE_LIMITS.categories);
  const r = HarvestedPaper.safeParse(candidate);
  if (r.success) return { ok: true, paper: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, reason: `${issue.path.join('.') || 'record'}: ${issue.message}` };
}
