/**
 * Triage of discovered papers: `papershelf accept ID --category C` creates the catalog entry from the facts in the
 * store (no network), `papershelf reject ID` remembers the paper in `catalog/rejected.yaml` so no curator is shown it
 * again. The triage page (src/triage/handler.ts) calls the same functions.
 *
 * accept builds the entry the way `add` does (src/commands/add.ts): the same id checks and duplicate index, the same
 * entry builder from a look-up (`paperFromLookup`), the same facts file, the same journaled writer — only the
 * look-up comes from the store instead of the network.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges, type FileChange } from '../catalog/files.js';
import { paperToYaml } from '../catalog/format.js';
import { loadCatalog } from '../catalog/load.js';
import { arxivMonth, paperStem, parseRef } from '../model/ids.js';
import { fail } from '../model/problems.js';
import type { Curation } from '../model/schema.js';
import type { ArxivEntry } from '../sources/arxiv.js';
import { checkFacts, factsFromLookup, FactsStore, paperFromLookup } from '../sources/facts.js';
import type { PaperLookup } from '../sources/lookup.js';
import { normalizeArxivId } from '../store/record.js';
import type { StoredPaper } from '../store/store.js';
import { readRejected, rejectedPath, rejectedToYaml, withRejected } from '../triage/rejected.js';
import { catalogIndex, checkCurationIds } from './add.js';
import { today as todayDefault } from './context.js';
import { openExistingStore } from './discover.js';

export interface AcceptOptions {
  catalog: string;
  store: string;
  id: string;
  categories: string[];
  tags?: string[];
  why?: { en?: string; zh?: string };
  today?: string;
  dryRun?: boolean;
}

export interface AcceptResult {
  id: string;
  title: string;
  file: string;
  /** Files written (the entry, and its facts file when the store knows the full facts). */
  written: string[];
  /** Things to do before `check` passes or facts are complete. */
  notes: string[];
  /** It was rejected before: the rejection was withdrawn. */
  unrejected: boolean;
  dryRun: boolean;
}

function storeKey(input: string): string {
  const ref = parseRef(input);
  const id = ref?.kind === 'arxiv' ? normalizeArxivId(ref.id)?.id : undefined;
  if (!id) fail('E_BAD_REF', `"${input.slice(0, 100)}" is not an arXiv id`, { hint: 'e.g. 2505.01234 or https://arxiv.org/abs/2505.01234' });
  return id;
}

/** A look-up answered by the store, in the shape `add` builds entries from. */
export function lookupFromStore(p: StoredPaper): PaperLookup {
  const published = p.published ?? arxivMonth(p.id) ?? '';
  const arxiv: ArxivEntry = {
    id: p.id,
    version: p.version ?? 1,
    title: p.title,
    authors: p.authors,
    abstract: p.abstract,
    published,
    updated: p.updated ?? published,
    ...(p.doi ? { doi: p.doi } : {}),
    ...(p.journalRef ? { journalRef: p.journalRef } : {}),
    ...(p.comments ? { comment: p.comments } : {}),
    ...(p.categories[0] ? { primaryCategory: p.categories[0] } : {}),
    categories: p.categories,
  };
  return { ref: { kind: 'arxiv', id: p.id }, arxiv, warnings: [] };
}

export function accept(opts: AcceptOptions): AcceptResult {
  const id = storeKey(opts.id);
  const catalog = loadCatalog(opts.catalog);
  if (!opts.categories.length) fail('E_USAGE', 'accept needs --category: the catalog category the paper goes in');
  checkCurationIds(catalog, opts.categories, opts.tags ?? []);
  const there = catalogIndex(catalog.papers).get(`arxiv:${id}`);
  if (there) fail('E_ALREADY_IN_CATALOG', `${id} is already in the catalog: ${there.file}`, { file: there.file });
  const store = openExistingStore(opts.store);
  let paper: StoredPaper | undefined;
  try {
    paper = store.get(id);
  } finally {
    store.close();
  }
  if (!paper) fail('E_NOT_IN_STORE', `${id} is not in the store`, { hint: 'accept takes a paper that `papershelf discover` suggested; to add any other paper, use `papershelf add ID`' });
  const today = opts.today ?? todayDefault();
  const tags = [...new Set(opts.tags ?? [])];
  const curation: Curation = {
    categories: [...new Set(opts.categories)],
    ...(tags.length ? { tags } : {}),
    added: today,
    ...(opts.why?.en || opts.why?.zh ? { why: { ...(opts.why.en ? { en: opts.why.en } : {}), ...(opts.why.zh ? { zh: opts.why.zh } : {}) } } : {}),
  };
  const lookup = lookupFromStore(paper);
  const built = paperFromLookup(lookup, curation);
  if (!built.ok) fail(built.code, built.message, built.hint ? { hint: built.hint } : {});
  const entry = built.value;
  const stem = paperStem(entry);
  const file = join(opts.catalog, 'papers', `${stem}.yaml`);
  if (existsSync(file)) fail('E_ALREADY_IN_CATALOG', `${file} exists already`, { file, hint: 'it may be an entry the loader could not read: run papershelf check' });
  const notes: string[] = [];
  const changes: FileChange[] = [{ path: file, content: paperToYaml(entry) }];
  // The facts store records what arXiv says; only when the harvest store knows v1's day and the version.
  if (paper.published && paper.version) {
    const facts = checkFacts(factsFromLookup(stem, lookup, today));
    const store = FactsStore.open(opts.catalog);
    if (facts.ok) store.set(facts.value);
    const factsChange = store.change();
    if (factsChange) changes.push(factsChange);
  } else {
    notes.push(`the store does not know the day of v1${paper.version ? '' : ' nor the latest version'}: the entry has the month of its id (${entry.date ?? '?'}); run \`papershelf refresh\` to complete the facts`);
  }
  if (!curation.why) notes.push('add a reason to read under why.en or why.zh (`papershelf check` requires one)');
  const rejected = readRejected(opts.catalog);
  const unrejected = rejected.some((r) => normalizeArxivId(r.arxiv)?.id === id);
  if (unrejected) {
    const rest = rejected.filter((r) => normalizeArxivId(r.arxiv)?.id !== id);
    changes.push({ path: rejectedPath(opts.catalog), content: rejectedToYaml(rest) });
  }
  if (!opts.dryRun) applyChanges(opts.catalog, changes);
  return { id, title: entry.title, file, written: opts.dryRun ? [] : changes.map((c) => c.path), notes, unrejected, dryRun: !!opts.dryRun };
}

export interface RejectOptions {
  catalog: string;
  /** Used for the title written beside the id; optional (an id not in the store is rejected all the same). */
  store?: string;
  ids: string[];
  reason?: string;
  today?: string;
}

export interface RejectResult {
  rejected: { id: string; title?: string }[];
  /** Already rejected before. */
  already: string[];
  /** In the catalog: not rejected. */
  inCatalog: string[];
  file: string;
}

export function reject(opts: RejectOptions): RejectResult {
  if (!opts.ids.length) fail('E_USAGE', 'reject needs at least one arXiv id');
  const ids = [...new Set(opts.ids.map(storeKey))];
  const catalog = loadCatalog(opts.catalog);
  const index = catalogIndex(catalog.papers);
  const existing = readRejected(opts.catalog);
  const known = new Set(existing.map((r) => normalizeArxivId(r.arxiv)?.id ?? r.arxiv));
  const today = opts.today ?? todayDefault();
  const result: RejectResult = { rejected: [], already: [], inCatalog: [], file: rejectedPath(opts.catalog) };
  const store = opts.store && existsSync(opts.store) ? openExistingStore(opts.store) : undefined;
  try {
    const add = [];
    for (const id of ids) {
      if (index.has(`arxiv:${id}`)) result.inCatalog.push(id);
      else if (known.has(id)) result.already.push(id);
      else {
        const title = store?.get(id)?.title;
        const short = title && title.length > 200 ? title.slice(0, 199) + '…' : title;
        add.push({ arxiv: id, ...(short ? { title: short } : {}), date: today, ...(opts.reason ? { reason: opts.reason.slice(0, 500) } : {}) });
        result.rejected.push({ id, ...(short ? { title: short } : {}) });
      }
    }
    if (add.length) applyChanges(opts.catalog, [{ path: rejectedPath(opts.catalog), content: rejectedToYaml(withRejected(existing, add)) }]);
  } finally {
    store?.close();
  }
  return result;
}
