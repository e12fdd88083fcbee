/**
 * Writes every registered output (outputs.ts: site, search index, feeds, exports) into a fresh folder beside `out`,
 * then swaps it in: readers never see half a site. Used by `build --out` and by `serve`.
 *
 * Speed (bench/site.bench.mjs): on a big catalog the writers marked `thread` run on one worker thread
 * (helper.ts) while this thread renders the pages. The worker gets a copy of the parsed catalog (not the files again,
 * which may have changed since), less the files it parsed itself. Writes are synchronous: measured on a tmpfs and on ext4, handing them
 * to libuv's thread pool cost more (a promise and a file handle per file, threads competing for two cores) than it
 * saved.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Catalog } from '../catalog/load.js';
import { Helper, HELPER_MIN_PAPERS, type WriteJob } from './helper.js';
import { OUTPUT_WRITERS, type OutputContext } from './outputs.js';
import { timing } from './timing.js';

export interface OutputOptions {
  out: string;
  base?: string;
  siteUrl?: string;
  now?: Date;
  /** Run the `thread` writers on a worker thread: default from the catalog's size (HELPER_MIN_PAPERS). */
  worker?: boolean;
  /** Work for the main thread once the worker has started, before the main thread's writers (build's list). */
  beforeMain?: () => void;
  /** The helper thread that parsed part of this catalog (build starts it before loading); stopped when done. */
  helper?: Helper;
}

export async function writeOutputs(catalog: Catalog, opts: OutputOptions): Promise<Record<string, number>> {
  const out = resolve(opts.out);
  const base = normalizeBase(opts.base ?? '/');
  const ctx: OutputContext = { catalog, base, siteUrl: (opts.siteUrl ?? `http://localhost${base}`).replace(/\/?$/, '/'), now: opts.now ?? new Date() };
  const staging = `${out}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const useWorker = opts.worker ?? catalog.papers.length >= HELPER_MIN_PAPERS;
  const threaded = useWorker ? OUTPUT_WRITERS.filter((w) => w.thread) : [];
  const shared = OUTPUT_WRITERS.filter((w) => w.shared);
  let worker: Helper | undefined;
  let workerDone: Promise<Record<string, number>> | undefined;
  // The work of the shared writers is split through one counter each, which both threads advance.
  let claims: Int32Array | undefined;
  if (threaded.length) {
    claims = new Int32Array(new SharedArrayBuffer(4 * shared.length));
    worker = opts.helper?.usable() ? opts.helper : new Helper({ writes: true });
    // The helper takes the shared writers in the opposite order, so that the threads meet in as few of them as
    // possible (a thread that joins the paper pages must first work out the related papers).
    workerDone = worker.write(writeJob(ctx, [...threaded, ...[...shared].reverse()].map((w) => w.name), staging, worker, claims));
  }
  try {
    opts.beforeMain?.();
    const here = OUTPUT_WRITERS.filter((w) => !threaded.includes(w)).map((w) => w.name);
    const counts = await runWriters(ctx, here, staging, '', claims);
    const t1 = performance.now();
    if (workerDone) for (const [name, n] of Object.entries(await workerDone)) counts[name] = (counts[name] ?? 0) + n;
    timing('waiting for the worker', t1);
    // Registered order, whichever thread wrote them.
    const ordered = Object.fromEntries(OUTPUT_WRITERS.map((w) => [w.name, counts[w.name] ?? 0]));
    const old = `${out}.${process.pid}.old`;
    if (existsSync(out)) renameSync(out, old);
    renameSync(staging, out);
    rmSync(old, { recursive: true, force: true });
    return ordered;
  } finally {
    // On failure here, the worker's files are of no use: stop it before the staging folder goes.
    await worker?.stop();
    if (opts.helper !== worker) await opts.helper?.stop();
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The path of an output file inside the staging folder, its folder made; refuses paths that leave the folder. */
export function outputPath(staging: string, rel: string, dirs: Set<string>): string {
  const path = join(staging, rel);
  if (!path.startsWith(staging + sep)) throw new Error(`output path escapes the folder: ${rel}`);
  const dir = dirname(path);
  if (!dirs.has(dir)) (mkdirSync(dir, { recursive: true }), dirs.add(dir));
  return path;
}

/**
 * Runs the named writers over `ctx` and writes their files into `staging`, on whichever thread calls it (the main
 * thread, or the worker with `where` " (worker)"). With `claims` (two threads), a shared writer takes its work from
 * its counter there (OutputContext.claim). Returns the number of files of each writer.
 */
export async function runWriters(ctx: OutputContext, names: string[], staging: string, where = '', claims?: Int32Array): Promise<Record<string, number>> {
  const shared = OUTPUT_WRITERS.filter((w) => w.shared);
  const counts: Record<string, number> = {};
  const dirs = new Set<string>([staging]);
  const collect = ctx.catalog.papers.length >= COLLECT_MIN_PAPERS ? fullGc() : undefined;
  let written = 0;
  for (const name of names) {
    const writer = OUTPUT_WRITERS.find((w) => w.name === name);
    if (!writer) throw new Error(`no output writer "${name}"`);
    collect?.(); // what the work before built (the Markdown list, a search index, an export) is garbage by now
    const t0 = performance.now();
    counts[name] = 0;
    const k = shared.indexOf(writer);
    const claim = claims && k >= 0 ? (n: number) => Atomics.add(claims, k, n) : undefined;
    for (const [rel, content] of await writer.write(claim ? { ...ctx, claim } : ctx)) {
      counts[name]++;
      writeFileSync(outputPath(staging, rel, dirs), content);
      if (collect && ++written % COLLECT_EVERY === 0) collect();
    }
    timing(`${name}${where}`, t0);
  }
  return counts;
}

/** The job for the helper: the catalog without its lazily read texts, and without what the helper parsed itself. */
function writeJob(ctx: OutputContext, writers: string[], staging: string, helper: Helper, claims: Int32Array): WriteJob {
  const { catalog } = ctx;
  const entry = (e: { file: string; stem: string; data: unknown }) => (helper.has(e.file) ? { file: e.file, stem: e.stem, ref: true as const } : { file: e.file, stem: e.stem, data: e.data });
  return {
    writers,
    staging,
    base: ctx.base,
    siteUrl: ctx.siteUrl,
    now: ctx.now.getTime(),
    claims,
    catalog: {
      dir: catalog.dir,
      taxonomyFile: catalog.taxonomyFile,
      taxonomy: catalog.taxonomy,
      problems: catalog.problems,
      papers: catalog.papers.map(entry),
      resources: catalog.resources.map(entry),
    },
  };
}

/**
 * On a big catalog, a full garbage collection every COLLECT_EVERY files written. V8 grows a heap long before it
 * collects it, and with two threads' heaps growing so, a 100k-paper build peaked at 1.7–2 GB for ~0.9 GB of live
 * data; a few full collections (≈0.3 s each) keep the main thread's heap near what it holds.
 */
const COLLECT_MIN_PAPERS = 50_000;
const COLLECT_EVERY = 10_000;

function fullGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined; // a runtime without it: the build is only bigger
  }
}

export function normalizeBase(base: string): string {
  return ('/' + base.replace(/^\/+|\/+$/g, '') + '/').replace(/^\/\/$/, '/');
}
