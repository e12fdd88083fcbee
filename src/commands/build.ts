/** `papershelf build`: writes the generated Markdown list (and the README block) from the catalog. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges } from '../catalog/files.js';
import type { Catalog } from '../catalog/load.js';
import { PapershelfError } from '../model/problems.js';
import { fillReadme, LIST_FILE, renderList, renderReadmeBlock } from '../render/markdown.js';
import { projectRoot } from './context.js';
import { Helper, offerHelper, startHelper } from './helper.js';
import { timing } from './timing.js';

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
    // As bytes: decoding a list of 10k papers (much of it Chinese) into a string costs more than encoding ours.
    out.push({ path, content, existed, changed: !existed || !readFileSync(path).equals(Buffer.from(content)) });
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
  const t0 = performance.now();
  // A big catalog is parsed by two threads, and with --out the second one then writes some of the outputs. It starts
  // before the loader's and the writers' modules load (imported here, not above), so its start-up overlaps theirs.
  const writes = !!opts.out;
  let helper = startHelper(opts.catalog, { writes });
  let catalog: Catalog;
  // With --out, the writers' modules load first too: while the helper thread starts, not after the catalog is
  // parsed, when the helper would wait for this thread to send it work.
  const writing = opts.out ? import('./write-outputs.js') : undefined;
  try {
    await writing;
    const { loadCatalog } = await import('../catalog/load.js');
    catalog = loadCatalog(opts.catalog, { helper: offerHelper(() => (helper ??= new Helper({ writes }))) });
  } catch (e) {
    await helper?.stop();
    throw e;
  }
  if (!opts.out) await helper?.stop();
  timing('load', t0);
  const errors = catalog.problems.filter((p) => p.severity === 'error');
  // A list built from a catalog with unreadable files would silently miss papers.
  if (errors.length) {
    await helper?.stop();
    throw new PapershelfError(errors);
  }
  if (!opts.out) return writeList(catalog);
  // With outputs, the list is written on the main thread while their worker thread (write-outputs.ts) works. On a
  // big catalog the worker starts after the list, so that the list's peak of memory and the worker's copy of the
  // catalog do not add up.
  let result: BuildResult | undefined;
  const list = () => {
    const t1 = performance.now();
    result = writeList(catalog);
    timing('list', t1);
    lastRender = undefined; // the list's text (100 MB at 100k papers) need not live while the site is built
  };
  const { writeOutputs } = (await writing)!;
  const early = catalog.papers.length < EARLY_WORKER_MAX;
  if (!early) list();
  const outputs = await writeOutputs(catalog, { ...opts, out: opts.out, helper, ...(early ? { beforeMain: list } : {}) });
  return { ...result!, outputs };
}

/** Below this many papers, the outputs' worker starts before the Markdown list renders (memory is no concern). */
const EARLY_WORKER_MAX = 50_000;

function writeList(catalog: Catalog): BuildResult {
  const plan = planOutputs(catalog);
  const changed = plan.filter((p) => p.changed);
  applyChanges(catalog.dir, changed.map(({ path, content }) => ({ path, content })));
  return { written: changed.map((p) => p.path), unchanged: plan.filter((p) => !p.changed).map((p) => p.path), papers: catalog.papers.length };
}
