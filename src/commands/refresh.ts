/**
 * `papershelf refresh [ids]`: fetches the current facts of the catalog's papers (new versions, venue, DOI,
 * citation count, TL;DR, code links) into the machine-maintained facts store, catalog/facts.jsonl (one line per
 * paper). The hand-curated YAML entries are never touched: a fact that now disagrees with an entry is for
 * `check --remote` to report.
 *
 * The store is written only when a paper's facts changed (one file, journaled: never half-written), and only those
 * papers' lines change. Per-paper facts files of earlier versions (catalog/facts/<stem>.json) are moved into it. A
 * source that fails for a paper keeps that source's previous facts and is reported; answers are cached, so an
 * interrupted refresh is resumed by running it again.
 */
import { applyChanges } from '../catalog/files.js';
import { loadCatalog, type Loaded } from '../catalog/load.js';
import { parseRef, type PaperRef } from '../model/ids.js';
import type { Paper } from '../model/schema.js';
import { arxivKey } from '../sources/arxiv.js';
import { checkFacts, describeChange, factsFromLookup, FactsStore, factsStorePath } from '../sources/facts.js';
import { lookupRefs, openSources, refKey, type Sources } from '../sources/lookup.js';
import { refOf } from '../sources/remote.js';
import { today as todayDefault } from './context.js';

export interface RefreshOptions {
  catalog: string;
  /** Only these papers: arXiv ids, DOIs, links or file stems. Default: every paper. */
  ids?: string[];
  today?: string;
  dryRun?: boolean;
  sources?: Sources;
}

export interface RefreshResult {
  /** Papers looked up. */
  papers: number;
  /** Papers whose facts changed; `file` is the facts store they are kept in. */
  changed: { file: string; stem: string; what: string[] }[];
  unchanged: number;
  /** Papers with neither arXiv id nor DOI: nothing to look up. */
  skipped: { file: string; reason: string }[];
  failed: { file?: string; ref: string; code: string; message: string; hint?: string }[];
  warnings: string[];
  written: string[];
  dryRun: boolean;
  requests: number;
  fromCache: number;
}

function select(papers: Loaded<Paper>[], ids: string[] | undefined, failed: RefreshResult['failed']): Loaded<Paper>[] {
  if (!ids?.length) return papers;
  const chosen = new Set<Loaded<Paper>>();
  for (const id of ids) {
    const ref = parseRef(id);
    const hit = papers.find((e) =>
      e.stem === id || e.stem === id.replace('/', '_') ||
      (ref?.kind === 'arxiv' && e.data.arxiv && arxivKey(e.data.arxiv) === arxivKey(ref.id)) ||
      (ref?.kind === 'doi' && e.data.doi?.toLowerCase() === ref.id),
    );
    if (hit) chosen.add(hit);
    else failed.push({ ref: id, code: 'E_NOT_IN_CATALOG', message: `${id} is not in the catalog`, hint: 'add it first: papershelf add ' + id });
  }
  return [...chosen];
}

export async function refresh(opts: RefreshOptions): Promise<RefreshResult> {
  const catalog = loadCatalog(opts.catalog);
  const today = opts.today ?? todayDefault();
  const result: RefreshResult = { papers: 0, changed: [], unchanged: 0, skipped: [], failed: [], warnings: [], written: [], dryRun: !!opts.dryRun, requests: 0, fromCache: 0 };
  const entries = select(catalog.papers, opts.ids, result.failed);
  const withRef: [Loaded<Paper>, PaperRef][] = [];
  for (const e of entries) {
    const ref = refOf(e.data);
    if (ref) withRef.push([e, ref]);
    else result.skipped.push({ file: e.file, reason: 'no arXiv id or DOI' });
  }
  result.papers = withRef.length;
  const sources = opts.sources ?? openSources();
  const before = { ...sources.client.stats };
  const looked = await lookupRefs(sources, withRef.map(([, r]) => r));
  const store = FactsStore.open(opts.catalog);
  store.adoptLegacy();
  const storePath = factsStorePath(opts.catalog);
  const warnings = new Map<string, number>();
  for (const [e, ref] of withRef) {
    const l = looked.get(refKey(ref))!;
    for (const w of l.warnings) warnings.set(w, (warnings.get(w) ?? 0) + 1);
    if (l.error) {
      result.failed.push({ file: e.file, ref: ref.id, code: l.error.code, message: l.error.message, ...(l.error.hint ? { hint: l.error.hint } : {}) });
      continue;
    }
    if (store.unchangedBy(e.stem, l)) {
      result.unchanged++;
      continue;
    }
    const previous = store.get(e.stem);
    const next = factsFromLookup(e.stem, l, today, previous);
    if (next === previous) {
      result.unchanged++;
      continue;
    }
    const checked = checkFacts(next);
    if (!checked.ok) {
      result.failed.push({ file: e.file, ref: ref.id, code: checked.code, message: checked.message, ...(checked.hint ? { hint: checked.hint } : {}) });
      continue;
    }
    store.set(next);
    result.changed.push({ file: storePath, stem: e.stem, what: describeChange(previous, next) });
  }
  for (const [w, n] of warnings) result.warnings.push(n > 1 ? `${w} (${n} papers)` : w);
  const change = store.change();
  if (change && !opts.dryRun) {
    applyChanges(opts.catalog, [change]);
    store.removeAdoptedLegacy();
    result.written = [change.path];
  }
  result.requests = sources.client.stats.requests - before.requests;
  result.fromCache = sources.client.stats.cacheHits - before.cacheHits;
  return result;
}
