/** Where a command finds the catalog and writes its outputs. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The catalog bundled with this package (the repository's own `catalog/`). */
export const BUNDLED_CATALOG = resolve(dirname(fileURLToPath(import.meta.url)), '../../catalog');

/** `--catalog DIR`, else `./catalog` when it exists, else the bundled catalog. */
export function resolveCatalog(dir: string | undefined, cwd = process.cwd()): string {
  if (dir) return resolve(cwd, dir);
  const local = join(cwd, 'catalog');
  return existsSync(local) ? local : BUNDLED_CATALOG;
}

/** Generated files (the Markdown list, README block) live next to the catalog folder. */
export function projectRoot(catalogDir: string): string {
  return dirname(catalogDir);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
