/** `papershelf build`: writes the generated Markdown list (and the README block) from the catalog. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { applyChanges } from '../catalog/files.js';
import { loadCatalog, type Catalog } from '../catalog/load.js';
import { PapershelfError } from '../model/problems.js';
import { fillReadme, LIST_FILE, renderList, renderReadmeBlock } from '../render/markdown.js';
import { projectRoot } from './context.js';
import { OUTPUT_WRITERS, type OutputContext } from './outputs.js';

export interface PlannedOutput {
  path: string;
  content: string;
  existed: boolean;
  changed: boolean;
}

/**
 * The last rendering of this process and its inputs. The loader hands out the same entry objects for unchanged files,
 * so `check` then `build` (or two builds) of an unchanged catalog render the list once.
 */
let lastRender: { dir: string; taxonomy: string; entries: unknown[]; files: Map<string, string>; block: string } | undefined;

function render(catalog: Catalog): { files: Map<string, string>; block: string } {
  const entries: unknown[] = [...catalog.papers.map((p) => p.data), ...catalog.resources.map((r) => r.data)];
  const taxonomy = JSON.stringify(catalog.taxonomy);
  const same = lastRender && lastRender.dir === catalog.dir && lastRender.taxonomy === taxonomy && lastRender.entries.length === entries.length && lastRender.entries.every((e, i) => e === entries[i]);
  if (same) return lastRender!;
  const input = { taxonomy: catalog.taxonomy, papers: catalog.papers.map((p) => p.data), resources: catalog.resources.map((r) => r.data) };
  lastRender = { dir: catalog.dir, taxonomy, entries, files: renderList(input), block: renderReadmeBlock(input, LIST_FILE) };
  return lastRender;
}

/** What `build` would write, compared with what is on disk. Pure but for reading the current files. */
export function planOutputs(catalog: Catalog): PlannedOutput[] {
  const root = projectRoot(catalog.dir);
  const rendered = render(catalog);
  const out: PlannedOutput[] = [];
  const compare = (path: string, content: string) => {
    const existed = existsSync(path);
    out.push({ path, content, existed, changed: !existed || readFileSync(path, 'utf8') !== content });
  };
  for (const [name, content] of rendered.files) compare(join(root, name), content);
  const readmePath = join(root, 'README.md');
  if (existsSync(readmePath)) {
    const filled = fillReadme(readFileSync(readmePath, 'utf8'), rendered.block);
    if (filled !== undefined) compare(readmePath, filled);
  }
  return out;
}

export interface BuildOptions {
  catalog: string;
  /** Also write the website, feeds and exports into this folder (replaced as a whole). */
  out?: string;
  base?: string;
  siteUrl?: string;
  now?: Date;
}

export interface BuildResult {
  written: string[];
  unchanged: string[];
  papers: number;
  /** Files written under `out`, by writer. */
  outputs?: Record<string, number>;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const catalog = loadCatalog(opts.catalog);
  const errors = catalog.problems.filter((p) => p.severity === 'error');
  // A list built from a catalog with unreadable files would silently miss papers.
  if (errors.length) throw new PapershelfError(errors);
  const plan = planOutputs(catalog);
  const changed = plan.filter((p) => p.changed);
  applyChanges(catalog.dir, changed.map(({ path, content }) => ({ path, content })));
  const result: BuildResult = { written: changed.map((p) => p.path), unchanged: plan.filter((p) => !p.changed).map((p) => p.path), papers: catalog.papers.length };
  if (opts.out) result.outputs = await writeOutputs(catalog, { ...opts, out: opts.out });
  return result;
}

/**
 * Writes every registered output (site, feeds, exports) into a fresh folder beside `out`, then swaps it in: readers
 * never see half a site. Used by `build --out` and by `serve`. Returns the number of files of each writer.
 */
export async function writeOutputs(catalog: Catalog, opts: { out: string; base?: string; siteUrl?: string; now?: Date }): Promise<Record<string, number>> {
  const out = resolve(opts.out);
  const base = normalizeBase(opts.base ?? '/');
  const ctx: OutputContext = { catalog, base, siteUrl: (opts.siteUrl ?? `http://localhost${base}`).replace(/\/?$/, '/'), now: opts.now ?? new Date() };
  const staging = `${out}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const counts: Record<string, number> = {};
  try {
    for (const writer of OUTPUT_WRITERS) {
      counts[writer.name] = 0;
      for (const [rel, content] of await writer.write(ctx)) {
        counts[writer.name]++;
        const path = join(staging, rel);
        if (!path.startsWith(staging + sep)) throw new Error(`output path escapes the folder: ${rel}`);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
      }
    }
    mkdirSync(staging, { recursive: true });
    const old = `${out}.${process.pid}.old`;
    if (existsSync(out)) renameSync(out, old);
    renameSync(staging, out);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return counts;
}

export function normalizeBase(base: string): string {
  return ('/' + base.replace(/^\/+|\/+$/g, '') + '/').replace(/^\/\/$/, '/');
}
