/**
 * `papershelf import refs.bib`: BibTeX as Zotero, Google Scholar, arXiv and Semantic Scholar export it. Entries
 * with an arXiv id are completed from arXiv (exact title, every author, the v1 date — BibTeX often has the year of
 * the venue instead); the others keep the BibTeX facts (title, authors, year, venue, DOI, link), which
 * `papershelf refresh` and `check --remote` can then compare with the DOI registry.
 *
 * Like the Markdown import, it never overwrites curation: a paper already in the catalog only gets the facts it
 * lacks (authors, date, venue, DOI). New papers go into the "uncategorized" category (created when missing) for
 * the maintainers to sort. An arXiv entry that arXiv cannot confirm is reported and not written.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { applyChanges, type FileChange } from '../catalog/files.js';
import { paperToYaml, taxonomyToYaml } from '../catalog/format.js';
import { EMPTY_TAXONOMY, loadCatalog, type Catalog } from '../catalog/load.js';
import { importBibtex, type BibDraft } from '../import/bibtex.js';
import { paperStem, slugify, type PaperRef } from '../model/ids.js';
import { fail } from '../model/problems.js';
import { Paper } from '../model/schema.js';
import { addCategory, flattenCategories } from '../model/taxonomy.js';
import { arxivKey } from '../sources/arxiv.js';
import { checkFacts, factsFromLookup, FactsStore, MAX_AUTHORS, venueWithYear } from '../sources/facts.js';
import { lookupRefs, openSources, refKey, type PaperLookup, type Sources } from '../sources/lookup.js';
import { venueName } from '../sources/s2.js';
import { catalogIndex } from './add.js';
import { today as todayDefault } from './context.js';
import { MAX_IMPORT_BYTES, type ImportOptions, type ImportResult } from './import.js';

export interface BibImportOptions extends ImportOptions {
  sources?: Sources;
}

export interface BibImportResult extends ImportResult {
  /** Entries that could not be imported, each with its reason. */
  failed: { line: number; key: string; code: string; message: string; hint?: string }[];
  requests: number;
  fromCache: number;
}

const UNCATEGORIZED = { id: 'uncategorized', name: { en: 'Uncategorized', zh: '未分类' } };

function readBibFile(file: string): string {
  if (!existsSync(file)) fail('E_NOT_FOUND', `no such file: ${file}`, { file, hint: 'check the path' });
  const st = statSync(file);
  if (!st.isFile()) fail('E_NOT_A_FILE', `${file} is not a file`, { file });
  if (st.size > MAX_IMPORT_BYTES) fail('E_FILE_TOO_LARGE', `${file} is ${(st.size / 1048576).toFixed(1)} MB; import reads files of at most ${MAX_IMPORT_BYTES / 1048576} MB`, { file, hint: 'split the file' });
  const buf = Buffer.alloc(st.size);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, st.size, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.includes(0)) fail('E_BINARY', `${file} holds binary data, not BibTeX text`, { file, hint: 'export the references as BibTeX (.bib)' });
  const text = new TextDecoder('utf-8').decode(buf);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  // BibTeX from old tools may be Latin-1; its accents are usually LaTeX commands, so a few stray bytes are tolerated.
  if (bad > 0 && bad > text.length / 100) fail('E_ENCODING', `${file} is not UTF-8 text (${bad} undecodable bytes)`, { file, hint: 'convert it to UTF-8' });
  return text.replace(/^\uFEFF/, '');
}

/** A paper from a BibTeX draft and, for arXiv entries, arXiv's facts. */
function paperOf(d: BibDraft, l: PaperLookup | undefined, category: string, today: string): { paper?: Paper; error?: string } {
  const a = l?.arxiv;
  const authors = a ? a.authors : d.authors;
  const etAl = authors.length > MAX_AUTHORS || (!a && d.etAl);
  const doi = d.doi ?? a?.doi;
  const draft = {
    ...(a ? { arxiv: a.id } : {}),
    ...(doi ? { doi } : {}),
    ...(!a && !doi ? { id: slugify(d.key).slice(0, 60).replace(/-+$/, '') || slugify(d.title ?? '').slice(0, 60).replace(/-+$/, '') || 'paper' } : {}),
    ...(!a && (doi || d.url) ? { url: d.url ?? `https://doi.org/${doi}` } : {}),
    title: a?.title ?? d.title,
    ...(authors.length ? { authors: authors.slice(0, MAX_AUTHORS) } : {}),
    ...(etAl ? { et_al: true } : {}),
    ...((a?.published ?? d.date) ? { date: a?.published ?? d.date } : {}),
    ...(venueWithYear(venueName(d.venue), d.date) ? { venue: venueWithYear(venueName(d.venue), d.date) } : {}),
    categories: [category],
    added: today,
  };
  const parsed = Paper.safeParse(draft);
  if (parsed.success) return { paper: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: `${issue.path.join('.') || 'entry'}: ${issue.message}` };
}

/** Fills what `existing` lacks from `incoming`; returns `existing` itself when nothing changes. */
function fillFacts(existing: Paper, incoming: Paper): Paper {
  const next: Paper = { ...existing };
  let changed = false;
  for (const k of ['authors', 'et_al', 'date', 'venue', 'doi'] as const) {
    if (next[k] === undefined && incoming[k] !== undefined) {
      (next as Record<string, unknown>)[k] = incoming[k];
      changed = true;
    }
  }
  return changed ? next : existing;
}

export async function importBibtexFile(opts: BibImportOptions): Promise<BibImportResult> {
  const text = readBibFile(opts.file);
  const parsed = importBibtex(text);
  if (parsed.entries.length === 0) fail('E_NO_LIST', `found no BibTeX entries in ${opts.file}`, { file: opts.file, hint: 'a BibTeX file holds entries such as @article{key, title = {…}, author = {…}, year = {…}}' });
  const catalog: Catalog = existsSync(opts.catalog)
    ? loadCatalog(opts.catalog)
    : { dir: opts.catalog, taxonomyFile: join(opts.catalog, 'taxonomy.yaml'), taxonomy: { ...EMPTY_TAXONOMY, title: basename(opts.file).replace(/\.bib$/i, '') || 'Reading list' }, papers: [], resources: [], problems: [] };
  const broken = catalog.problems.filter((p) => p.severity === 'error');
  if (broken.length) fail('E_CATALOG_INVALID', `the catalog has ${broken.length} error(s); fix them before importing (run papershelf check)`, { file: broken[0]!.file, line: broken[0]!.line, hint: 'papershelf check lists them all' });
  const today = opts.today ?? todayDefault();
  const result: BibImportResult = { source: opts.file, recognized: parsed.entries.length, added: [], updated: [], skipped: [], categoriesAdded: [], warnings: parsed.warnings, unused: parsed.unused, written: [], dryRun: !!opts.dryRun, failed: [], requests: 0, fromCache: 0 };

  // arXiv entries are completed from arXiv, in batches.
  const refs: PaperRef[] = parsed.entries.filter((d) => d.arxiv).map((d) => ({ kind: 'arxiv', id: d.arxiv! }));
  const sources = refs.length ? (opts.sources ?? openSources()) : undefined;
  const before = sources ? { ...sources.client.stats } : undefined;
  const looked = sources ? await lookupRefs(sources, refs, { s2: false }) : new Map<string, PaperLookup>();

  let taxonomy = catalog.taxonomy;
  if (!flattenCategories(taxonomy).some((c) => c.node.id === UNCATEGORIZED.id)) {
    taxonomy = addCategory(taxonomy, UNCATEGORIZED);
  }
  const index = catalogIndex(catalog.papers);
  const stems = new Map(catalog.papers.map((e) => [e.stem, e]));
  const changes: FileChange[] = [];
  const store = FactsStore.open(opts.catalog);
  const seen = new Map<string, number>(); // keys of papers taken from this file → line
  let usedNewCategory = false;
  for (const d of parsed.entries) {
    const l = d.arxiv ? looked.get(refKey({ kind: 'arxiv', id: d.arxiv })) : undefined;
    if (l?.error) {
      result.failed.push({ line: d.line, key: d.key, code: l.error.code, message: l.error.message, ...(l.error.hint ? { hint: l.error.hint } : {}) });
      continue;
    }
    const built = paperOf(d, l, UNCATEGORIZED.id, today);
    if (!built.paper) {
      result.failed.push({ line: d.line, key: d.key, code: 'E_ENTRY_INVALID', message: `@${d.type}{${d.key}} cannot be imported (${built.error})`, hint: 'fix the entry in the BibTeX file' });
      continue;
    }
    const paper = built.paper;
    const keys = [paper.arxiv ? `arxiv:${arxivKey(paper.arxiv)}` : '', paper.doi ? `doi:${paper.doi.toLowerCase()}` : '', `stem:${paperStem(paper)}`].filter(Boolean);
    const dup = keys.map((k) => seen.get(k)).find((x) => x !== undefined);
    if (dup !== undefined) {
      result.warnings.push({ line: d.line, message: `the same paper as the entry at line ${dup}: imported once` });
      continue;
    }
    for (const k of keys) seen.set(k, d.line);
    const existing = keys.map((k) => (k.startsWith('stem:') ? stems.get(k.slice(5)) : index.get(k))).find(Boolean);
    if (existing) {
      const merged = fillFacts(existing.data, paper);
      if (merged === existing.data) result.skipped.push(`papers/${existing.stem}`);
      else {
        changes.push({ path: join(opts.catalog, 'papers', `${existing.stem}.yaml`), content: paperToYaml(merged) });
        result.updated.push(`papers/${existing.stem}`);
      }
      continue;
    }
    const stem = paperStem(paper);
    if (existsSync(join(opts.catalog, 'papers', `${stem}.yaml`))) {
      result.skipped.push(`papers/${stem}`); // a file the loader could not read: never overwrite it
      continue;
    }
    usedNewCategory = true;
    changes.push({ path: join(opts.catalog, 'papers', `${stem}.yaml`), content: paperToYaml(paper) });
    const facts = l ? checkFacts(factsFromLookup(stem, l, today)) : undefined;
    if (facts?.ok) store.set(facts.value);
    else if (facts) result.warnings.push({ line: d.line, message: `${facts.message}: no facts recorded` });
    result.added.push(`papers/${stem}`);
  }
  const taxonomyPath = join(opts.catalog, 'taxonomy.yaml');
  if ((usedNewCategory && taxonomy !== catalog.taxonomy) || !existsSync(taxonomyPath)) {
    changes.unshift({ path: taxonomyPath, content: taxonomyToYaml(usedNewCategory ? taxonomy : catalog.taxonomy) });
    if (usedNewCategory && taxonomy !== catalog.taxonomy) result.categoriesAdded.push(UNCATEGORIZED.id);
  }
  const factsChange = store.change();
  if (factsChange) changes.push(factsChange);
  if (!opts.dryRun) applyChanges(opts.catalog, changes);
  result.written = opts.dryRun ? [] : changes.map((c) => c.path);
  if (sources && before) {
    result.requests = sources.client.stats.requests - before.requests;
    result.fromCache = sources.client.stats.cacheHits - before.cacheHits;
  }
  return result;
}
