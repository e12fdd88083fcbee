/**
 * The catalog arranged for the site: papers in display order (newest first), the category tree with distinct
 * counts (a category counts the papers of its sub-categories), papers per category and per tag, names in both
 * languages. Pure; computed once per build and shared by every page renderer.
 */
import type { Catalog } from '../catalog/load.js';
import type { CategoryNode, Paper, Resource, Taxonomy } from '../model/schema.js';
import { flattenCategories, type FlatCategory } from '../model/taxonomy.js';

export interface SitePaper {
  /** Position in display order (newest first); also the paper's number in the search index. */
  n: number;
  stem: string;
  p: Paper;
  year?: number;
}

export interface SiteCategory {
  flat: FlatCategory;
  id: string;
  node: CategoryNode;
  /** Papers of this category and its sub-categories, newest first, each once. */
  papers: SitePaper[];
  /** Papers filed under this category itself, newest first, each once. */
  own: SitePaper[];
  resources: Resource[];
  children: SiteCategory[];
}

export interface SiteTag {
  id: string;
  name: { en: string; zh?: string };
  papers: SitePaper[];
}

export interface SiteModel {
  taxonomy: Taxonomy;
  papers: SitePaper[];
  byStem: Map<string, SitePaper>;
  /** Top-level categories, each with its sub-tree. */
  tree: SiteCategory[];
  categories: Map<string, SiteCategory>;
  /** Every tag of the taxonomy plus tags papers use without declaring them, by id. */
  tags: Map<string, SiteTag>;
  resources: Resource[];
}

/** Newest first by first-version date, then by title: the default order everywhere. */
export function compareNewest(a: { date?: string; title: string }, b: { date?: string; title: string }): number {
  const da = a.date ?? '';
  const db = b.date ?? '';
  if (da !== db) return da < db ? 1 : -1;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}

/** Models by catalog object: the writers of one build (several on a thread) share one. */
const models = new WeakMap<Catalog, SiteModel>();

export function buildModel(catalog: Catalog): SiteModel {
  let model = models.get(catalog);
  if (!model) models.set(catalog, (model = computeModel(catalog)));
  return model;
}

function computeModel(catalog: Catalog): SiteModel {
  const sorted = [...catalog.papers].sort((a, b) => compareNewest(a.data, b.data) || (a.stem < b.stem ? -1 : 1));
  const papers: SitePaper[] = sorted.map((l, n) => {
    const y = l.data.date ? Number(l.data.date.slice(0, 4)) : undefined;
    return { n, stem: l.stem, p: l.data, ...(y ? { year: y } : {}) };
  });
  const direct = new Map<string, SitePaper[]>();
  for (const sp of papers) for (const c of new Set(sp.p.categories)) (direct.get(c) ?? direct.set(c, []).get(c)!).push(sp);
  const directRes = new Map<string, Resource[]>();
  for (const r of catalog.resources) for (const c of new Set(r.data.categories)) (directRes.get(c) ?? directRes.set(c, []).get(c)!).push(r.data);

  const flat = flattenCategories(catalog.taxonomy);
  const categories = new Map<string, SiteCategory>();
  for (const f of flat) categories.set(f.node.id, { flat: f, id: f.node.id, node: f.node, papers: [], own: direct.get(f.node.id) ?? [], resources: directRes.get(f.node.id) ?? [], children: [] });
  // Walk children before parents so a parent merges finished lists.
  for (const f of [...flat].reverse()) {
    const c = categories.get(f.node.id)!;
    c.children = (f.node.children ?? []).map((ch) => categories.get(ch.id)!);
    const own = c.own;
    if (!c.children.length) c.papers = own;
    else {
      const seen = new Set<number>();
      const all: SitePaper[] = [];
      for (const list of [own, ...c.children.map((ch) => ch.papers)]) for (const sp of list) if (!seen.has(sp.n)) (seen.add(sp.n), all.push(sp));
      c.papers = all.sort((a, b) => a.n - b.n);
    }
  }
  const tags = new Map<string, SiteTag>();
  for (const tg of catalog.taxonomy.tags ?? []) tags.set(tg.id, { id: tg.id, name: tg.name, papers: [] });
  for (const sp of papers) {
    for (const id of new Set(sp.p.tags ?? [])) {
      let tg = tags.get(id);
      if (!tg) tags.set(id, (tg = { id, name: { en: id }, papers: [] }));
      tg.papers.push(sp);
    }
  }
  return {
    taxonomy: catalog.taxonomy,
    papers,
    byStem: new Map(papers.map((sp) => [sp.stem, sp])),
    tree: catalog.taxonomy.categories.map((c) => categories.get(c.id)!),
    categories,
    tags,
    resources: catalog.resources.map((r) => r.data),
  };
}

/** The top-level category a category belongs to. */
export function rootOf(model: SiteModel, id: string): string | undefined {
  return model.categories.get(id)?.flat.path[0];
}
