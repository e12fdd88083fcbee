/** `papershelf build`: writes the generated Markdown list (and the README block) from the catalog. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges } from '../catalog/files.js';
import { loadCatalog, type Catalog } from '../catalog/load.js';
import { PapershelfError } from '../model/problems.js';
import { fillReadme, LIST_FILE, renderList, renderReadmeBlock } from '../render/markdown.js';
import { projectRoot } from './context.js';

export interface PlannedOutput {
  path: string;
  content: string;
  existed: boolean;
  changed: boolean;
}

/** What `build` would write, compared with what is on disk. Pure but for reading the current files. */
export function planOutputs(catalog: Catalog): PlannedOutput[] {
  const root = projectRoot(catalog.dir);
  const input = { taxonomy: catalog.taxonomy, papers: catalog.papers.map((p) => p.data), resources: catalog.resources.map((r) => r.data) };
  const out: PlannedOutput[] = [];
  const compare = (path: string, content: string) => {
    const existed = existsSync(path);
    out.push({ path, content, existed, changed: !existed || readFileSync(path, 'utf8') !== content });
  };
  for (const [name, content] of renderList(input)) compare(join(root, name), content);
  const readmePath = join(root, 'README.md');
  if (existsSync(readmePath)) {
    const filled = fillReadme(readFileSync(readmePath, 'utf8'), renderReadmeBlock(input, LIST_FILE));
    if (filled !== undefined) compare(readmePath, filled);
  }
  return out;
}

export interface BuildOptions {
  catalog: string;
}

export interface BuildResult {
  written: string[];
  unchanged: string[];
  papers: number;
}

export function build(opts: BuildOptions): BuildResult {
  const catalog = loadCatalog(opts.catalog);
  const errors = catalog.problems.filter((p) => p.severity === 'error');
  // A list built from a catalog with unreadable files would silently miss papers.
  if (errors.length) throw new PapershelfError(errors);
  const plan = planOutputs(catalog);
  const changed = plan.filter((p) => p.changed);
  applyChanges(catalog.dir, changed.map(({ path, content }) => ({ path, content })));
  return { written: changed.map((p) => p.path), unchanged: plan.filter((p) => !p.changed).map((p) => p.path), papers: catalog.papers.length };
}
