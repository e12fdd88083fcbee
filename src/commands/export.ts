/**
 * `papershelf export`: the catalog (or a selection) as BibTeX, RIS, CSL-JSON, CSV or JSON; and the output writer
 * that makes `build --out DIR` publish every whole-catalog export, the JSON Schemas and all feeds beside the site.
 */
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import { loadCatalog } from '../catalog/load.js';
import { renderCsl } from '../export/csl.js';
import { renderCsv } from '../export/csv.js';
import { buildFeeds, FEED_FORMATS, renderFeed } from '../export/feeds.js';
import { exportJsonSchema, renderJson } from '../export/json.js';
import { catalogKeys } from '../export/keys.js';
import { select, type ExportEntry, type ExportResource, type Selection } from '../export/paper.js';
import { renderRis } from '../export/ris.js';
import { fail, PapershelfError } from '../model/problems.js';
import { jsonSchemas } from '../model/schema.js';
import { LazyFiles } from '../site/lazy-files.js';
import { joinUrl, urls } from '../site/urls.js';
import type { OutputContext, OutputFiles } from './outputs.js';

export const EXPORT_FORMATS = ['bibtex', 'ris', 'csl-json', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Every paper with its citation key (keys are computed over the whole catalog), in file order. */
export function exportEntries(catalog: Catalog): { entries: ExportEntry[]; resources: ExportResource[] } {
  const keys = catalogKeys(catalog.papers);
  return {
    entries: catalog.papers.map((p) => ({ stem: p.stem, key: keys.get(p.stem)!, paper: p.data })),
    resources: catalog.resources.map((r) => ({ stem: r.stem, resource: r.data })),
  };
}

export interface RenderExportInput {
  catalog: Catalog;
  entries: ExportEntry[];
  resources: ExportResource[];
  generated: Date;
  /** For the JSON export of a built site: where its schema is published. */
  schemaUrl?: string;
}

/**
 * One export, as UTF-8 bytes (tens of MB at 10k papers: written to a file as they are). Pure; async only because the BibTeX renderer is imported on demand (its LaTeX tables take
 * ~0.1 s to load, which every CLI start would otherwise pay).
 */
export async function renderExport(format: ExportFormat, input: RenderExportInput): Promise<Buffer> {
  return renderLoaded(format, input, format === 'bibtex' ? (await import('../export/bibtex.js')).renderBibtex : undefined);
}

function renderLoaded(format: ExportFormat, input: RenderExportInput, renderBibtex: ((entries: ExportEntry[]) => Buffer) | undefined): Buffer {
  switch (format) {
    case 'bibtex':
      return renderBibtex!(input.entries);
    case 'ris':
      return renderRis(input.entries);
    case 'csl-json':
      return renderCsl(input.entries);
    case 'csv':
      return renderCsv(input.entries);
    case 'json':
      return renderJson({ taxonomy: input.catalog.taxonomy, entries: input.entries, resources: input.resources, generated: input.generated, ...(input.schemaUrl ? { schemaUrl: input.schemaUrl } : {}) });
  }
}

export interface ExportOptions extends Selection {
  catalog: string;
  format: ExportFormat;
  /** Write here (through a temporary file and a rename) instead of returning the text only. */
  out?: string;
  now?: Date;
}

export interface ExportResult {
  format: ExportFormat;
  /** The export, UTF-8. */
  content: Buffer;
  papers: number;
  resources: number;
  /** The file written, when `out` was given. */
  written?: string;
}

export async function exportCatalog(opts: ExportOptions): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
    fail('E_USAGE', `unknown export format "${opts.format}"`, { hint: `one of: ${EXPORT_FORMATS.join(', ')}` });
  }
  const catalog = loadCatalog(opts.catalog);
  const errors = catalog.problems.filter((p) => p.severity === 'error');
  // An export from a catalog with unreadable files would silently miss papers.
  if (errors.length) throw new PapershelfError(errors);
  const all = exportEntries(catalog);
  const entries = select(all.entries, (e) => e.paper, catalog.taxonomy, opts);
  const resources = select(all.resources, (r) => r.resource, catalog.taxonomy, opts);
  const content = await renderExport(opts.format, { catalog, entries, resources, generated: opts.now ?? new Date() });
  const result: ExportResult = { format: opts.format, content, papers: entries.length, resources: resources.length };
  if (opts.out) result.written = writeAtomically(resolve(opts.out), content);
  return result;
}

/** Writes beside the target and renames over it, so a reader never sees half a file. */
function writeAtomically(path: string, content: Buffer): string {
  const dir = dirname(path);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) fail('E_OUT_DIR', `cannot write ${path}: the folder ${dir} does not exist`, { hint: 'create the folder first, or give another --out path' });
  const tmp = `${dir}/.${basename(path)}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    fail('E_WRITE', `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'check the path and its permissions' });
  }
  return path;
}

/**
 * The `build --out` writer of exports/papers.bib. Every paper page shows the paper's entry too: this writer runs on
 * the thread that renders the paper pages, and both use the same rendered entries (catalogBibtex), once.
 */
export async function writeBibtexExport(ctx: OutputContext): Promise<OutputFiles> {
  const { renderCatalogBibtex } = await import('../export/bibtex.js');
  const files = new LazyFiles();
  files.setLazy(filePath(urls.export('bibtex')), () => renderCatalogBibtex(ctx.catalog.papers));
  return files;
}

/** The path of a site URL on disk: URLs percent-encode ids (a Chinese tag), files carry the characters. */
function filePath(sitePath: string): string {
  return decodeURIComponent(sitePath);
}

/**
 * The `build --out` writer: exports/papers.{ris,csl.json,csv,json}, schema/{paper,resource,taxonomy,export}
 * .schema.json and feeds/{all,category/ID,tag/ID}.{atom.xml,rss.xml,json}, at the paths of src/site/urls.ts.
 * On a big catalog `build` runs this writer on its worker thread, beside the pages (see write-outputs.ts).
 * papers.bib has a writer of its own (writeBibtexExport).
 */
export function writeFeedsAndExports(ctx: OutputContext): OutputFiles {
  // Each file renders when `build` reads it, then is written and dropped: at 100k papers the five exports hold
  // several hundred MB, and they never need to exist at the same time.
  const files = new LazyFiles();
  const { entries, resources } = exportEntries(ctx.catalog);
  const input: RenderExportInput = { catalog: ctx.catalog, entries, resources, generated: ctx.now, schemaUrl: joinUrl(ctx.siteUrl, urls.schema('export')) };
  for (const format of EXPORT_FORMATS) if (format !== 'bibtex') files.setLazy(filePath(urls.export(format)), () => renderLoaded(format, input, undefined));
  const schemas: Record<string, unknown> = { ...jsonSchemas(), export: exportJsonSchema() };
  for (const [name, schema] of Object.entries(schemas)) files.set(filePath(urls.schema(name)), JSON.stringify(schema, null, 2) + '\n');
  for (const feed of buildFeeds({ taxonomy: ctx.catalog.taxonomy, entries, siteUrl: ctx.siteUrl, now: ctx.now })) {
    for (const format of FEED_FORMATS) files.setLazy(filePath(urls.feed(feed.scope, format)), () => renderFeed(feed, format));
  }
  return files;
}
