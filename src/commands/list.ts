/** `papershelf list`: the catalog's papers, filtered by category (with its sub-categories), tag and year. */
import { loadCatalog } from '../catalog/load.js';
import { fail } from '../model/problems.js';
import type { Paper } from '../model/schema.js';
import { categorySubtrees } from '../model/taxonomy.js';

export interface ListOptions {
  catalog: string;
  category?: string[];
  tag?: string[];
  /** "2023" or a range "2020-2023". */
  year?: string;
}

export function listPapers(opts: ListOptions): Paper[] {
  const catalog = loadCatalog(opts.catalog);
  const wanted = opts.category?.length ? categorySubtrees(catalog.taxonomy, opts.category) : undefined;
  let range: [number, number] | undefined;
  if (opts.year) {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(opts.year);
    if (!m) fail('E_USAGE', `--year takes a year or a range such as 2020-2023, not "${opts.year}"`);
    range = [Number(m[1]), Number(m[2] ?? m[1])];
  }
  return catalog.papers
    .map((p) => p.data)
    .filter((p) => !wanted || p.categories.some((c) => wanted!.has(c)))
    .filter((p) => !opts.tag?.length || opts.tag.every((t) => p.tags?.includes(t)))
    .filter((p) => {
      if (!range) return true;
      const y = Number(p.date?.slice(0, 4));
      return y >= range[0] && y <= range[1];
    })
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title));
}
