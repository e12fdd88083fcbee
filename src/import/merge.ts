/**
 * Pure merge of imported drafts into a catalog: which categories to create, which entries to add or update.
 * Curated data is never overwritten: an import only fills what is missing (date, a reason in a language that has
 * none, notes, code link) and adds categories. The same input twice changes nothing the second time.
 */
import { paperStem, slugify } from '../model/ids.js';
import type { CategoryNode, Paper, Resource, Taxonomy } from '../model/schema.js';
import { addCategory, flattenCategories } from '../model/taxonomy.js';
import type { DraftEntry, MarkdownImport } from './markdown.js';

export interface ExistingEntry<T> {
  stem: string;
  data: T;
}

export interface MergeInput {
  taxonomy: Taxonomy;
  papers: ExistingEntry<Paper>[];
  resources: ExistingEntry<Resource>[];
  imported: MarkdownImport;
  /** The day recorded as `added` on new entries (YYYY-MM-DD). */
  today: string;
  /** Name of the imported file, for messages. */
  source: string;
}

export interface MergeOutcome {
  taxonomy: Taxonomy;
  taxonomyChanged: boolean;
  /** Entries to write, by kind and file stem. */
  papers: ExistingEntry<Paper>[];
  resources: ExistingEntry<Resource>[];
  report: ImportReport;
}

export interface ImportReport {
  source: string;
  recognized: number;
  added: string[];
  updated: string[];
  skipped: string[];
  categoriesAdded: string[];
  warnings: { line: number; message: string }[];
  unused: { line: number; text: string; reason: string }[];
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]+/g, '');

function sameTitle(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  return x === y || (x.length > 3 && y.length > 3 && (x.includes(y) || y.includes(x)));
}

export function mergeImport(input: MergeInput): MergeOutcome {
  const { imported, today } = input;
  const report: ImportReport = { source: input.source, recognized: imported.entries.length, added: [], updated: [], skipped: [], categoriesAdded: [], warnings: [], unused: imported.unused };

  // 1. Sections → category ids (existing ones matched by name under the same parent).
  let taxonomy = input.taxonomy;
  const sectionIds: string[] = [];
  const taken = new Set(flattenCategories(taxonomy).map((c) => c.node.id));
  imported.sections.forEach((section, i) => {
    const parentId = section.parent !== undefined ? sectionIds[section.parent] : undefined;
    const siblings = siblingsOf(taxonomy, parentId);
    const match = siblings.find((c) => c.id === slugify(section.name) || norm(c.name.en) === norm(section.name) || (c.name.zh && norm(c.name.zh) === norm(section.name)));
    if (match) {
      sectionIds[i] = match.id;
      return;
    }
    let id = slugify(section.name) || `section-${i + 1}`;
    if (taken.has(id) && parentId) id = `${parentId}-${id}`.slice(0, 80);
    for (let n = 2; taken.has(id); n++) id = `${slugify(section.name) || 'section'}-${n}`;
    taken.add(id);
    sectionIds[i] = id;
    const node: CategoryNode = { id, name: { en: section.name } };
    taxonomy = addCategory(taxonomy, node, parentId);
    report.categoriesAdded.push(id);
  });
  let fallbackCategory: string | undefined;
  const categoryOf = (e: DraftEntry): string => {
    if (e.section !== undefined) return sectionIds[e.section]!;
    if (!fallbackCategory) {
      fallbackCategory = 'uncategorized';
      if (!taken.has(fallbackCategory)) {
        taken.add(fallbackCategory);
        taxonomy = addCategory(taxonomy, { id: fallbackCategory, name: { en: 'Uncategorized', zh: '未分类' } });
        report.categoriesAdded.push(fallbackCategory);
      }
    }
    return fallbackCategory;
  };

  // 2. Entries.
  const papers = new Map<string, Paper>(input.papers.map((p) => [p.stem, p.data]));
  const resources = new Map<string, Resource>(input.resources.map((r) => [r.stem, r.data]));
  const touched = new Map<string, 'added' | 'updated'>();
  const outPapers = new Map<string, Paper>();
  const outResources = new Map<string, Resource>();

  for (const e of imported.entries) {
    const category = categoryOf(e);
    if (e.kind === 'resource') {
      const stem = slugify(e.title) || slugify(new URL(e.url, 'https://x.invalid').hostname);
      const existing = resources.get(stem);
      const draft = resourceFrom(e, category, today);
      const merged = existing ? mergeResource(existing, draft) : draft;
      if (!existing || merged !== existing) {
        resources.set(stem, merged);
        outResources.set(stem, merged);
        track(touched, `resources/${stem}`, existing ? 'updated' : 'added');
      } else if (!touched.has(`resources/${stem}`)) report.skipped.push(`resources/${stem}`);
      continue;
    }
    if (!e.title) {
      report.warnings.push({ line: e.line, message: 'entry has no title: skipped' });
      continue;
    }
    const draft = paperFrom(e, category, today);
    let stem = paperStem(draft);
    // The same id under a different title: one of the two links is wrong. Keep both so `check` shows it.
    let existing = papers.get(stem);
    if (existing && !sameTitle(existing.title, draft.title)) {
      let n = 2;
      for (; papers.has(`${stem}-${n}`) && !sameTitle(papers.get(`${stem}-${n}`)!.title, draft.title); n++);
      report.warnings.push({ line: e.line, message: `"${draft.title}" links to ${draft.arxiv ?? draft.doi ?? stem}, which "${existing.title}" also uses: one of the two links is wrong; kept as ${stem}-${n}.yaml` });
      stem = `${stem}-${n}`;
      existing = papers.get(stem);
    }
    if (e.titleFromHeading) report.warnings.push({ line: e.line, message: `the link text is a bare URL; took the title "${draft.title}" from the heading: check it` });
    const merged = existing ? mergePaper(existing, draft) : draft;
    const key = `papers/${stem}`;
    if (!existing || merged !== existing) {
      papers.set(stem, merged);
      outPapers.set(stem, merged);
      track(touched, key, existing ? 'updated' : 'added');
    } else if (!touched.has(key)) report.skipped.push(key);
  }
  for (const [key, how] of touched) (how === 'added' ? report.added : report.updated).push(key);
  report.skipped = [...new Set(report.skipped)];
  return {
    taxonomy,
    taxonomyChanged: taxonomy !== input.taxonomy,
    papers: [...outPapers].map(([stem, data]) => ({ stem, data })),
    resources: [...outResources].map(([stem, data]) => ({ stem, data })),
    report,
  };
}

function track(touched: Map<string, 'added' | 'updated'>, key: string, how: 'added' | 'updated') {
  if (!touched.has(key)) touched.set(key, how);
}

function siblingsOf(taxonomy: Taxonomy, parentId: string | undefined): CategoryNode[] {
  if (!parentId) return taxonomy.categories;
  return flattenCategories(taxonomy).find((c) => c.node.id === parentId)?.node.children ?? [];
}

function paperFrom(e: DraftEntry, category: string, today: string): Paper {
  const links: Paper['links'] = {};
  if (e.code) links.code = e.code;
  if (e.project) links.project = e.project;
  const why: Paper['why'] = {};
  if (e.why.en) why.en = e.why.en;
  if (e.why.zh) why.zh = e.why.zh;
  const p: Paper = {
    ...(e.arxiv ? { arxiv: e.arxiv } : e.doi ? { doi: e.doi } : { id: slugify(e.title).slice(0, 60).replace(/-+$/, '') || 'paper' }),
    ...(!e.arxiv && !e.doi ? { url: e.url } : {}),
    title: e.title,
    ...(e.date ? { date: e.date } : {}),
    ...(Object.keys(links).length ? { links } : {}),
    categories: [category],
    added: today,
    ...(Object.keys(why).length ? { why } : {}),
    ...(e.notes.length ? { notes: e.notes } : {}),
  };
  return p;
}

function resourceFrom(e: DraftEntry, category: string, today: string): Resource {
  const zh = /[\u4e00-\u9fff]/.test(e.title);
  return {
    kind: 'blog',
    title: e.title,
    url: e.url,
    lang: zh ? 'zh' : 'en',
    ...(e.date ? { date: e.date } : {}),
    categories: [category],
    added: today,
    ...(e.why.en || e.why.zh ? { why: { ...e.why } } : {}),
  };
}

/** Fills what `existing` lacks from `draft`. Returns `existing` itself when nothing changes. */
function mergePaper(existing: Paper, draft: Paper): Paper {
  const next: Paper = { ...existing };
  let changed = false;
  if (!next.date && draft.date) ((next.date = draft.date), (changed = true));
  for (const c of draft.categories) if (!next.categories.includes(c)) ((next.categories = [...next.categories, c]), (changed = true));
  for (const lang of ['en', 'zh'] as const) {
    if (draft.why?.[lang] && !next.why?.[lang]) ((next.why = { ...next.why, [lang]: draft.why[lang] }), (changed = true));
  }
  for (const n of draft.notes ?? []) {
    if (!(next.notes ?? []).some((m) => m.url === n.url)) ((next.notes = [...(next.notes ?? []), n]), (changed = true));
  }
  if (draft.links?.code && !next.links?.code) ((next.links = { ...next.links, code: draft.links.code }), (changed = true));
  return changed ? next : existing;
}

function mergeResource(existing: Resource, draft: Resource): Resource {
  const missing = draft.categories.filter((c) => !existing.categories.includes(c));
  return missing.length ? { ...existing, categories: [...existing.categories, ...missing] } : existing;
}
