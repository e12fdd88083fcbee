/**
 * `papershelf add <ref>...`: creates catalog entries with the facts filled in from the sources (exact title,
 * authors, first-version date, venue and DOI once published, code link) plus the curation given on the command
 * line, and each paper's fetched facts in catalog/facts/. Without categories it suggests them and writes nothing.
 *
 * Guarantees: a paper already in the catalog (under any spelling of its id, or reached through its DOI) is left
 * untouched; every entry is validated before anything is written, and all are written at once through the journaled
 * writer, so there is never a half entry; every ref that fails gets its own error. Answers are cached, so a run that
 * was interrupted is simply run again: finished look-ups are not repeated and entries already written are skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges, type FileChange } from '../catalog/files.js';
import { paperToYaml } from '../catalog/format.js';
import { loadCatalog, type Catalog, type Loaded } from '../catalog/load.js';
import { CategoryIndex, paperText, type CategoryScore, type Confidence } from '../import/suggest.js';
import { paperStem, parseRef, type PaperRef } from '../model/ids.js';
import { fail, PapershelfError, type Problem } from '../model/problems.js';
import type { Curation, Paper } from '../model/schema.js';
import { flattenCategories } from '../model/taxonomy.js';
import { arxivKey } from '../sources/arxiv.js';
import { checkFacts, factsFromLookup, FactsStore, paperFromLookup, readFacts } from '../sources/facts.js';
import { lookupRefs, openSources, refKey, type PaperLookup, type Sources } from '../sources/lookup.js';
import { today as todayDefault } from './context.js';

export interface AddOptions {
  catalog: string;
  /** What the user pasted: arXiv ids or URLs, DOIs. */
  refs: string[];
  categories?: string[];
  tags?: string[];
  why?: { en?: string; zh?: string };
  today?: string;
  dryRun?: boolean;
  /** The sources to ask (default: as configured by the environment and config file). */
  sources?: Sources;
}

export interface AddedPaper {
  ref: string;
  stem: string;
  file: string;
  title: string;
  date?: string;
  version?: number;
  venue?: string;
}

export interface AddFailure {
  ref: string;
  code: string;
  message: string;
  hint?: string;
}

export interface AddSuggestion {
  ref: string;
  stem: string;
  title: string;
  categories: CategoryScore[];
  confidence: Confidence;
}

export interface AddResult {
  added: AddedPaper[];
  /** Already in the catalog: nothing was updated. */
  present: { ref: string; file: string; title: string }[];
  failed: AddFailure[];
  /** No category was given: suggestions, and nothing was written for these. */
  suggested: AddSuggestion[];
  warnings: string[];
  written: string[];
  dryRun: boolean;
  requests: number;
  fromCache: number;
}

/** Checks that every id names a category (or tag) of the taxonomy; throws one PapershelfError listing all that do not. */
export function checkCurationIds(catalog: Catalog, categories: string[], tags: string[]): void {
  const known = new Set(flattenCategories(catalog.taxonomy).map((c) => c.node.id));
  const problems: Problem[] = [];
  const list = (ids: string[]) => ids.slice(0, 30).join(', ') + (ids.length > 30 ? ', …' : '');
  for (const c of categories) {
    if (!known.has(c)) problems.push({ code: 'E_UNKNOWN_CATEGORY', severity: 'error', file: catalog.taxonomyFile, message: `unknown category "${c}"`, hint: known.size ? `use one of: ${list([...known])}` : 'the taxonomy has no categories yet: add one to taxonomy.yaml' });
  }
  if (catalog.taxonomy.tags) {
    const tagIds = new Set(catalog.taxonomy.tags.map((t) => t.id));
    for (const t of tags) if (!tagIds.has(t)) problems.push({ code: 'E_UNKNOWN_TAG', severity: 'error', file: catalog.taxonomyFile, message: `unknown tag "${t}"`, hint: `use one of: ${list([...tagIds])}, or add it to the tags of taxonomy.yaml` });
  }
  if (problems.length) throw new PapershelfError(problems);
}

/** Finds a catalog paper by any spelling of its arXiv id or DOI. */
export function catalogIndex(papers: Loaded<Paper>[]): Map<string, Loaded<Paper>> {
  const index = new Map<string, Loaded<Paper>>();
  for (const e of papers) {
    if (e.data.arxiv && !index.has(`arxiv:${arxivKey(e.data.arxiv)}`)) index.set(`arxiv:${arxivKey(e.data.arxiv)}`, e);
    if (e.data.doi && !index.has(`doi:${e.data.doi.toLowerCase()}`)) index.set(`doi:${e.data.doi.toLowerCase()}`, e);
  }
  return index;
}

/** The keys a looked-up paper is known by: its ref, its arXiv id, its DOIs. */
function keysOf(l: PaperLookup): string[] {
  const keys = [refKey(l.ref)];
  if (l.arxiv) keys.push(`arxiv:${arxivKey(l.arxiv.id)}`);
  for (const d of [l.arxiv?.doi, l.s2?.doi, l.doi?.doi]) if (d) keys.push(`doi:${d.toLowerCase()}`);
  return keys;
}

export async function addPapers(opts: AddOptions): Promise<AddResult> {
  const catalog = loadCatalog(opts.catalog);
  const categories = [...new Set(opts.categories ?? [])];
  const tags = [...new Set(opts.tags ?? [])];
  checkCurationIds(catalog, categories, tags);
  if (!opts.refs.length) fail('E_NO_REFS', 'add needs at least one arXiv id, arXiv URL or DOI');
  const today = opts.today ?? todayDefault();
  const result: AddResult = { added: [], present: [], failed: [], suggested: [], warnings: [], written: [], dryRun: !!opts.dryRun, requests: 0, fromCache: 0 };

  const index = catalogIndex(catalog.papers);
  const asked = new Map<string, string>(); // ref key → what the user typed
  const toFetch: PaperRef[] = [];
  for (const input of opts.refs) {
    const ref = parseRef(input);
    if (!ref) {
      result.failed.push({ ref: input, code: 'E_BAD_REF', message: `"${input.slice(0, 200)}" is not an arXiv id, arXiv link or DOI`, hint: 'e.g. 2305.18290, arXiv:2305.18290v2, https://arxiv.org/abs/2305.18290, hep-th/9901001, 10.1162/neco.1997.9.8.1735' });
      continue;
    }
    const key = refKey(ref);
    if (asked.has(key)) continue; // the same paper twice on the command line
    asked.set(key, input);
    const there = index.get(key);
    if (there) result.present.push({ ref: input, file: there.file, title: there.data.title });
    else toFetch.push(ref);
  }

  const sources = opts.sources ?? openSources();
  const before = { ...sources.client.stats };
  const looked = toFetch.length ? await lookupRefs(sources, toFetch) : new Map<string, PaperLookup>();
  const curation: Curation = {
    categories,
    ...(tags.length ? { tags } : {}),
    added: today,
    ...(opts.why?.en || opts.why?.zh ? { why: { ...(opts.why.en ? { en: opts.why.en } : {}), ...(opts.why.zh ? { zh: opts.why.zh } : {}) } } : {}),
  };
  let suggester: CategoryIndex | undefined;
  const changes: FileChange[] = [];
  // Fetched facts go to the catalog's facts store (catalog/facts.jsonl), one line per paper.
  const store = FactsStore.open(opts.catalog);
  const claimed = new Map<string, string>(); // keys of papers added in this run → ref
  for (const ref of toFetch) {
    const l = looked.get(refKey(ref))!;
    const input = asked.get(refKey(ref))!;
    for (const w of l.warnings) result.warnings.push(`${input}: ${w}`);
    if (l.error) {
      result.failed.push({ ref: input, code: l.error.code, message: l.error.message, ...(l.error.hint ? { hint: l.error.hint } : {}) });
      continue;
    }
    // The DOI of an arXiv paper (or the arXiv id of a DOI) may already be in the catalog, or earlier on this line.
    const keys = keysOf(l);
    const there = keys.map((k) => index.get(k)).find(Boolean);
    if (there) {
      result.present.push({ ref: input, file: there.file, title: there.data.title });
      continue;
    }
    const twin = keys.map((k) => claimed.get(k)).find(Boolean);
    if (twin) {
      result.warnings.push(`${input} is the same paper as ${twin}: added once`);
      continue;
    }
    const built = paperFromLookup(l, categories.length ? curation : { ...curation, categories: ['uncategorized'] });
    if (!built.ok) {
      result.failed.push({ ref: input, code: built.code, message: built.message, ...(built.hint ? { hint: built.hint } : {}) });
      continue;
    }
    const paper = built.value;
    const stem = paperStem(paper);
    const file = join(opts.catalog, 'papers', `${stem}.yaml`);
    if (existsSync(file)) {
      // A file the loader could not read (bad YAML) still holds this paper: never overwrite it.
      result.present.push({ ref: input, file, title: paper.title });
      continue;
    }
    for (const k of keys) claimed.set(k, input);
    if (!categories.length) {
      suggester ??= new CategoryIndex(catalog.taxonomy, catalog.papers.map((e) => ({ categories: e.data.categories, text: paperText(e.data, readFacts(opts.catalog, e.stem)?.abstract) })));
      const s = suggester.suggest(`${paper.title} ${paper.title} ${l.arxiv?.abstract ?? l.doi?.abstract ?? ''}`);
      result.suggested.push({ ref: input, stem, title: paper.title, categories: s.categories, confidence: s.confidence });
      continue;
    }
    const facts = checkFacts(factsFromLookup(stem, l, today));
    if (!facts.ok) {
      result.failed.push({ ref: input, code: facts.code, message: facts.message, ...(facts.hint ? { hint: facts.hint } : {}) });
      continue;
    }
    changes.push({ path: file, content: paperToYaml(paper) });
    store.set(facts.value);
    result.added.push({ ref: input, stem, file, title: paper.title, ...(paper.date ? { date: paper.date } : {}), ...(l.arxiv ? { version: l.arxiv.version } : {}), ...(paper.venue ? { venue: paper.venue } : {}) });
  }
  const factsChange = store.change();
  if (factsChange) changes.push(factsChange);
  if (!opts.dryRun) applyChanges(opts.catalog, changes);
  result.written = opts.dryRun ? [] : changes.map((c) => c.path);
  result.requests = sources.client.stats.requests - before.requests;
  result.fromCache = sources.client.stats.cacheHits - before.cacheHits;
  return result;
}
