/** Pure helpers over the category tree. */
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
