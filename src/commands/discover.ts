/**
 * `papershelf discover`: ranks the store's papers by relevance to the catalog — per catalog category, and overall
 * by each paper's best category — leaving out papers already in the catalog and those rejected before. Each
 * suggestion says why (the terms that weigh most, the closest catalog papers). Features come from the store's cache
 * (src/store/features.ts); the ranking itself is pure (src/rank/rank.ts).
 */
import { existsSync } from 'node:fs';
import { loadCatalog, type Catalog } from '../catalog/load.js';
import { storeCatalogPapers } from '../harvest/api.js';
import { arxivAbsUrl } from '../model/ids.js';
import { fail } from '../model/problems.js';
import { flattenCategories } from '../model/taxonomy.js';
import { RANK_DEFAULTS, type RankParams } from '../rank/defaults.js';
import { trainAll } from '../rank/pool.js';
import { rank, type CategoryInput, type Explained } from '../rank/rank.js';
import { loadFeatures, type CorpusFeatures } from '../store/features.js';
import { normalizeArxivId } from '../store/record.js';
import { Store } from '../store/store.js';
import { readRejected } from '../triage/rejected.js';
import { today as todayDefault } from './context.js';

export interface DiscoverOptions {
  catalog: string;
  store: string;
  /** `7d`, `2w`, `3m`, `1y`, or a day `YYYY-MM-DD`: only papers announced (or first submitted) since then. */
  since?: string;
  /** Only papers in one of these arXiv categories (e.g. cs.CL). */
  arxivCategories?: string[];
  /** Only these catalog categories (default: all that have enough papers). */
  only?: string[];
  /** Suggestions per list (default 20). */
  top?: number;
  params?: Partial<RankParams>;
  today?: string;
}

export interface Suggestion {
  id: string;
  url: string;
  title: string;
  authors: string[];
  /** Announcement (or v1) day. */
  day?: string;
  arxivCategories: string[];
  abstract: string;
  /** z-score in `category`: standard deviations above an ordinary paper of the store. */
  score: number;
  /** The catalog category it fits best. */
  category: string;
  /** Its best catalog categories, best first (at most 3). */
  scores: { category: string; score: number }[];
  /** The terms that add most to its score in `category`. */
  terms: { term: string; weight: number }[];
  /** The catalog papers most like it. */
  closest: { id: string; title: string; similarity: number; categories: string[] }[];
}

export interface CategoryReport {
  id: string;
  name: string;
  /** Catalog papers of this category (and its sub-categories) found in the store. */
  positives: number;
  trained: boolean;
  note?: string;
  ms?: number;
}

export interface DiscoverResult {
  store: string;
  papers: number;
  candidates: number;
  since?: string;
  sinceDay?: string;
  newestDay?: string;
  categories: CategoryReport[];
  overall: Suggestion[];
  byCategory: { id: string; name: string; suggestions: Suggestion[] }[];
  /** Catalog papers (arXiv ids) whose abstract the store does not have: they teach the ranking by title and authors only. */
  catalogWithoutAbstract: string[];
  rejected: number;
  features: CorpusFeatures['stats'];
  ms: number;
}

/** `7d` / `2w` / `3m` / `1y` / `YYYY-MM-DD` → the first day included. */
export function sinceDay(since: string, today: string): string {
  const rel = /^(\d{1,5})([dwmy])$/.exec(since.trim());
  if (rel) {
    const days = Number(rel[1]) * { d: 1, w: 7, m: 30, y: 365 }[rel[2] as 'd' | 'w' | 'm' | 'y'];
    return new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(since.trim()) && !Number.isNaN(Date.parse(since.trim()))) return since.trim();
  fail('E_USAGE', `--since takes a duration such as 7d, 2w or 3m, or a day YYYY-MM-DD, not "${since.slice(0, 40)}"`);
}

/** Opens the store for ranking: it must exist (discover never harvests). */
export function openExistingStore(file: string): Store {
  if (file !== ':memory:' && !existsSync(file)) fail('E_NO_STORE', `no store at ${file}`, { hint: 'harvest papers first: papershelf harvest --from-file FILE, --oai or --api (see papershelf harvest --help), or pass --store FILE' });
  return Store.open(file);
}

/** Catalog category → the arXiv ids (store keys) of its papers and of its sub-categories' papers. */
export function categoryMembers(catalog: Catalog): Map<string, Set<string>> {
  const flat = flattenCategories(catalog.taxonomy);
  const members = new Map(flat.map((c) => [c.node.id, new Set<string>()]));
  const pathOf = new Map(flat.map((c) => [c.node.id, c.path]));
  for (const e of catalog.papers) {
    const id = e.data.arxiv && normalizeArxivId(e.data.arxiv)?.id;
    if (!id) continue;
    for (const c of e.data.categories) for (const ancestor of pathOf.get(c) ?? []) members.get(ancestor)?.add(id);
  }
  return members;
}

export async function discover(opts: DiscoverOptions): Promise<DiscoverResult> {
  const t0 = performance.now();
  const params: RankParams = { ...RANK_DEFAULTS, ...opts.params };
  const today = opts.today ?? todayDefault();
  const catalog = loadCatalog(opts.catalog);
  const rejected = new Set(readRejected(opts.catalog).map((r) => normalizeArxivId(r.arxiv)?.id ?? r.arxiv));
  const from = opts.since ? sinceDay(opts.since, today) : undefined;
  const flat = flattenCategories(catalog.taxonomy);
  if (opts.only) for (const c of opts.only) if (!flat.some((f) => f.node.id === c)) fail('E_UNKNOWN_CATEGORY', `unknown category "${c}"`, { hint: `one of: ${flat.map((f) => f.node.id).join(', ')}` });
  const store = openExistingStore(opts.store);
  try {
    // Catalog papers never harvested still teach the ranking with their title and authors.
    storeCatalogPapers(store, catalog.papers.map((e) => e.data));
    const features = loadFeatures(store, params);
    const heads = store.heads();
    const rowById = new Map<string, number>();
    for (const h of heads) {
      const row = features.rowOf.get(h.n);
      if (row !== undefined) rowById.set(h.id, row);
    }
    const catalogIds = new Set<string>();
    for (const e of catalog.papers) {
      const id = e.data.arxiv && normalizeArxivId(e.data.arxiv)?.id;
      if (id) catalogIds.add(id);
    }
    const catalogWithoutAbstract = [...catalogIds].filter((id) => !store.get(id)?.abstract).sort();
    const catalogRows = Int32Array.from([...catalogIds].map((id) => rowById.get(id)).filter((r): r is number => r !== undefined));
    // Candidates: in the store, not in the catalog, not rejected, within the window and arXiv categories.
    const wantCats = opts.arxivCategories?.length ? new Set(opts.arxivCategories) : undefined;
    const candidates: number[] = [];
    for (const h of heads) {
      const row = features.rowOf.get(h.n);
      if (row === undefined || catalogIds.has(h.id) || rejected.has(h.id)) continue;
      if (from && (!h.day || h.day < from)) continue;
      if (wantCats && !h.categories.split(' ').some((c) => wantCats.has(c))) continue;
      candidates.push(row);
    }
    // One classifier per catalog category with enough papers in the store.
    const members = categoryMembers(catalog);
    const reports: CategoryReport[] = [];
    const inputs: CategoryInput[] = [];
    for (const c of flat) {
      if (opts.only && !opts.only.includes(c.node.id)) continue;
      const positives = Int32Array.from([...(members.get(c.node.id) ?? [])].map((id) => rowById.get(id)).filter((r): r is number => r !== undefined));
      const report: CategoryReport = { id: c.node.id, name: c.node.name.en, positives: positives.length, trained: false };
      if (positives.length < params.minPositives) report.note = `${positives.length} of its papers are in the store; at least ${params.minPositives} are needed`;
      else inputs.push({ id: c.node.id, positives });
      reports.push(report);
    }
    const models = await trainAll(features.X, inputs, params);
    for (const m of models) {
      const report = reports.find((r) => r.id === m.id)!;
      report.trained = true;
      report.ms = Math.round(m.ms);
    }
    const ranking = rank({ X: features.X, terms: features.terms, models, candidates: Int32Array.from(candidates), catalogRows, top: opts.top ?? 20, params });
    const nOfRow = features.ns;
    const titles = new Map(catalog.papers.filter((e) => e.data.arxiv).map((e) => [normalizeArxivId(e.data.arxiv!)?.id ?? e.data.arxiv!, e.data]));
    const suggestion = (x: Explained): Suggestion => {
      const p = store.getByN(nOfRow[x.row]!)!;
      const day = p.announced ?? p.published;
      return {
        id: p.id,
        url: arxivAbsUrl(p.id),
        title: p.title,
        authors: p.authors,
        ...(day ? { day } : {}),
        arxivCategories: p.categories,
        abstract: p.abstract,
        score: round(x.score),
        category: x.scores[0]?.category ?? x.category,
        scores: x.scores.map((s) => ({ category: s.category, score: round(s.score) })),
        terms: x.terms.map((t) => ({ term: t.term, weight: round(t.weight, 4) })),
        closest: x.closest.map((c) => {
          const cp = store.getByN(nOfRow[c.row]!)!;
          const entry = titles.get(cp.id);
          return { id: cp.id, title: entry?.title ?? cp.title, similarity: round(c.similarity), categories: entry?.categories ?? [] };
        }),
      };
    };
    const name = (id: string) => flat.find((c) => c.node.id === id)?.node.name.en ?? id;
    const newest = store.newestDay();
    return {
      store: opts.store,
      papers: features.stats.papers,
      candidates: candidates.length,
      ...(opts.since ? { since: opts.since } : {}),
      ...(from ? { sinceDay: from } : {}),
      ...(newest ? { newestDay: newest } : {}),
      categories: reports,
      overall: ranking.overall.map(suggestion),
      byCategory: models.map((m) => ({ id: m.id, name: name(m.id), suggestions: ranking.byCategory.get(m.id)!.map(suggestion) })),
      catalogWithoutAbstract,
      rejected: rejected.size,
      features: features.stats,
      ms: performance.now() - t0,
    };
  } finally {
    store.close();
  }
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
