/** `papershelf import LIST.md`: reads an awesome-style Markdown list into the catalog, merging with what is there. */
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { applyChanges, type FileChange } from '../catalog/files.js';
import { paperToYaml, resourceToYaml, taxonomyToYaml } from '../catalog/format.js';
import { EMPTY_TAXONOMY, loadCatalog, type Catalog } from '../catalog/load.js';
import { importMarkdown } from '../import/markdown.js';
import { mergeImport, type ImportReport } from '../import/merge.js';
import { fail } from '../model/problems.js';
import { slugify } from '../model/ids.js';
import { today as todayDefault } from './context.js';

export interface ImportOptions {
  catalog: string;
  file: string;
  dryRun?: boolean;
  today?: string;
}

export interface ImportResult extends ImportReport {
  written: string[];
  dryRun: boolean;
}

/** Larger inputs are refused before they are read whole: no paper list is anywhere near this. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export function readListFile(file: string): string {
  if (!existsSync(file)) fail('E_NOT_FOUND', `no such file: ${file}`, { file, hint: 'check the path' });
  const st = statSync(file);
  if (!st.isFile()) fail('E_NOT_A_FILE', `${file} is not a file`, { file });
  if (st.size > MAX_IMPORT_BYTES) fail('E_FILE_TOO_LARGE', `${file} is ${(st.size / 1048576).toFixed(1)} MB; import reads lists of at most ${MAX_IMPORT_BYTES / 1048576} MB`, { file, hint: 'split the list into smaller files' });
  let buf: Buffer;
  try {
    const fd = openSync(file, 'r');
    buf = Buffer.alloc(st.size);
    readSync(fd, buf, 0, st.size, 0);
    closeSync(fd);
  } catch (e) {
    fail('E_READ', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file, hint: 'check the file permissions' });
  }
  if (buf.includes(0)) fail('E_BINARY', `${file} holds binary data, not Markdown text`, { file, hint: 'pass a UTF-8 Markdown file' });
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0 && bad > text.length / 100) fail('E_ENCODING', `${file} is not UTF-8 text (${bad} undecodable bytes)`, { file, hint: 'convert it to UTF-8' });
  return text.replace(/^\uFEFF/, '');
}

export function importList(opts: ImportOptions): ImportResult {
  const text = readListFile(opts.file);
  const imported = importMarkdown(text);
  if (imported.entries.length === 0 && imported.sections.length === 0) {
    fail('E_NO_LIST', `found no list of papers in ${opts.file}`, { file: opts.file, hint: 'import reads Markdown lists such as "- [Title](https://arxiv.org/abs/…) - why", field lists ("- **Paper**:[Title](url)") and tables with paper links' });
  }
  const existing: Catalog = existsSync(opts.catalog)
    ? loadCatalog(opts.catalog)
    : { dir: opts.catalog, taxonomyFile: join(opts.catalog, 'taxonomy.yaml'), taxonomy: { ...EMPTY_TAXONOMY, title: imported.title ?? titleFromFile(opts.file) }, papers: [], resources: [], problems: [] };
  const broken = existing.problems.filter((p) => p.severity === 'error');
  if (broken.length) fail('E_CATALOG_INVALID', `the catalog has ${broken.length} error(s); fix them before importing (run papershelf check)`, { file: broken[0]!.file, line: broken[0]!.line, hint: 'papershelf check lists them all' });
  const outcome = mergeImport({ taxonomy: existing.taxonomy, papers: existing.papers, resources: existing.resources, imported, today: opts.today ?? todayDefault(), source: opts.file });
  const changes: FileChange[] = [];
  const taxonomyPath = join(opts.catalog, 'taxonomy.yaml');
  if (outcome.taxonomyChanged || !existsSync(taxonomyPath)) changes.push({ path: taxonomyPath, content: taxonomyToYaml(outcome.taxonomy) });
  for (const p of outcome.papers) changes.push({ path: join(opts.catalog, 'papers', `${p.stem}.yaml`), content: paperToYaml(p.data) });
  for (const r of outcome.resources) changes.push({ path: join(opts.catalog, 'resources', `${r.stem}.yaml`), content: resourceToYaml(r.data) });
  if (!opts.dryRun) applyChanges(opts.catalog, changes);
  return { ...outcome.report, written: changes.map((c) => c.path), dryRun: !!opts.dryRun };
}

function titleFromFile(file: string): string {
  const name = basename(file).replace(/\.(md|markdown)$/i, '');
  return slugify(name) ? name.replace(/[-_]+/g, ' ') : 'Reading list';
}

/**
 * The import command's entry point: `.bib` files go to the BibTeX importer (./import-bibtex.ts, which completes
 * arXiv entries from arXiv), everything else to the Markdown importer above.
 */
export async function importFile(opts: ImportOptions & { sources?: import('../sources/lookup.js').Sources }): Promise<ImportResult & { failed?: { line: number; key: string; code: string; message: string; hint?: string }[] }> {
  if (/\.bib$/i.test(opts.file)) return (await import('./import-bibtex.js')).importBibtexFile(opts);
  return importList(opts);
}
