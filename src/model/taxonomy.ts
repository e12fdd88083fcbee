/** Pure helpers over the category tree. */
import { fail } from './problems.js';
import type { CategoryNode, Taxonomy } from './schema.js';

export interface FlatCategory {
  node: CategoryNode;
  depth: number;
  parent?: string;
  /** Ids from the root to this category. */
  path: string[];
  /** Position in display order (depth-first, file order). */
  order: number;
}

export function flattenCategories(taxonomy: Taxonomy): FlatCategory[] {
  const out: FlatCategory[] = [];
  const walk = (nodes: CategoryNode[], depth: number, path: string[]) => {
    for (const node of nodes) {
      const here = [...path, node.id];
      out.push({ node, depth, path: here, order: out.length, ...(path.length ? { parent: path.at(-1)! } : {}) });
      if (node.children) walk(node.children, depth + 1, here);
    }
  };
  walk(taxonomy.categories, 0, []);
  return out;
}

export function categoryIndex(taxonomy: Taxonomy): Map<string, FlatCategory> {
  return new Map(flattenCategories(taxonomy).map((c) => [c.node.id, c]));
}

/** Adds a category under `parentId` (or at the top), keeping the tree immutable. */
export function addCategory(taxonomy: Taxonomy, node: CategoryNode, parentId?: string): Taxonomy {
  if (!parentId) return { ...taxonomy, categories: [...taxonomy.categories, node] };
  const insert = (nodes: CategoryNode[]): CategoryNode[] =>
    nodes.map((n) =>
      n.id === parentId
        ? { ...n, children: [...(n.children ?? []), node] }
        : n.children
          ? { ...n, children: insert(n.children) }
          : n,
    );
  return { ...taxonomy, categories: insert(taxonomy.categories) };
}

/**
 * The ids of the given categories and of everything below them. An unknown id is a user mistake: it throws a
 * PapershelfError (E_UNKNOWN_CATEGORY) naming the ids that exist.
 */
export function categorySubtrees(taxonomy: Taxonomy, ids: string[]): Set<string> {
  const flat = flattenCategories(taxonomy);
  const wanted = new Set<string>();
  for (const id of ids) {
    if (!flat.some((c) => c.node.id === id)) fail('E_UNKNOWN_CATEGORY', `unknown category "${id}"`, { hint: `one of: ${flat.map((c) => c.node.id).join(', ')}` });
    for (const c of flat) if (c.path.includes(id)) wanted.add(c.node.id);
  }
  return wanted;
}
