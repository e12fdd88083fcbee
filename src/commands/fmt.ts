/** `papershelf fmt`: rewrites catalog files in the canonical layout (key order, quoting); only changed files. */
import { join } from 'node:path';
import { applyChanges } from '../catalog/files.js';
import { paperToYaml, resourceToYaml } from '../catalog/format.js';
import { loadCatalog } from '../catalog/load.js';
import { PapershelfError } from '../model/problems.js';

export interface FmtOptions {
  catalog: string;
  /** Report the files that are not canonical, write nothing. */
  check?: boolean;
}

export function fmt(opts: FmtOptions): { changed: string[]; total: number } {
  const catalog = loadCatalog(opts.catalog);
  const errors = catalog.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new PapershelfError(errors);
  const changes = [
    ...catalog.papers.map((p) => ({ file: p.file, path: join(catalog.dir, 'papers', `${p.stem}.yaml`), text: p.text, content: paperToYaml(p.data) })),
    ...catalog.resources.map((r) => ({ file: r.file, path: join(catalog.dir, 'resources', `${r.stem}.yaml`), text: r.text, content: resourceToYaml(r.data) })),
  ].filter((c) => c.content !== c.text);
  if (!opts.check) applyChanges(catalog.dir, changes);
  return { changed: changes.map((c) => c.file), total: catalog.papers.length + catalog.resources.length };
}
