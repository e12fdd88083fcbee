/**
 * `papershelf serve`: builds the site (every registered output: pages, feeds, exports) into a folder, serves it
 * with the static handler on 127.0.0.1 by default, and rebuilds when a file of the catalog changes (fs.watch,
 * debounced; one rebuild at a time, another queued if files change meanwhile). A catalog with errors keeps the
 * last good site and reports the problems. Unlike `build`, it never writes the Markdown list or the README.
 */
import { mkdtempSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { loadCatalog } from '../catalog/load.js';
import { normalizeBase, writeOutputs } from '../commands/write-outputs.js';
import { PapershelfError, type Problem } from '../model/problems.js';
import { resolveStorePath } from '../store/store.js';
import { createTriageHandler } from '../triage/handler.js';
import { createStaticHandler } from './static.js';

export interface ServeOptions {
  catalog: string;
  port?: number;
  host?: string;
  /** Folder to build into; default a temporary folder, removed on close. */
  out?: string;
  base?: string;
  /** Rebuild on catalog changes (default true). */
  watch?: boolean;
  /** Milliseconds of quiet after a change before rebuilding. */
  debounceMs?: number;
  /** Progress and problems, for the CLI to print. */
  onEvent?: (e: ServeEvent) => void;
  /** The discovery store behind the triage page at <base>triage/ (default: the store `harvest` fills). */
  store?: string;
}

export type ServeEvent =
  | { kind: 'built'; ms: number; papers: number; files: number }
  | { kind: 'failed'; problems: Problem[] }
  | { kind: 'error'; message: string };

export interface ServeHandle {
  url: string;
  server: Server;
  out: string;
  /** Resolves after the next rebuild finishes (for tests). */
  rebuilt(): Promise<void>;
  /** Rebuilds now. */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

/** Builds every output into `out` (through a staging folder, then swapped in). Returns counts. */
export async function buildSiteFolder(catalogDir: string, out: string, base: string): Promise<{ papers: number; files: number }> {
  const catalog = loadCatalog(catalogDir);
  const errors = catalog.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new PapershelfError(errors);
  const counts = await writeOutputs(catalog, { out, base });
  return { papers: catalog.papers.length, files: Object.values(counts).reduce((a, b) => a + b, 0) };
}

export async function serve(opts: ServeOptions): Promise<ServeHandle> {
  const emit = opts.onEvent ?? (() => {});
  const base = normalizeBase(opts.base ?? '/');
  const temp = !opts.out;
  const out = opts.out ? resolve(opts.out) : join(mkdtempSync(join(tmpdir(), 'papershelf-site-')), 'site');
  const catalogDir = resolve(opts.catalog);
  // The output folder is replaced as a whole on every build: never a folder that holds the catalog or the cwd.
  const holds = (a: string, b: string) => b === a || b.startsWith(a.endsWith(sep) ? a : a + sep);
  if (holds(out, catalogDir) || holds(out, process.cwd())) {
    throw new PapershelfError([{ code: 'E_USAGE', severity: 'error', message: `--out ${out} would replace a folder holding the catalog or the current folder`, hint: 'choose a folder of its own, e.g. --out site' }]);
  }

  let waiters: (() => void)[] = [];
  let running: Promise<void> | undefined;
  let again = false;
  const buildOnce = async () => {
    const t0 = performance.now();
    try {
      const r = await buildSiteFolder(catalogDir, out, base);
      emit({ kind: 'built', ms: performance.now() - t0, ...r });
    } catch (e) {
      if (e instanceof PapershelfError) emit({ kind: 'failed', problems: e.problems });
      else emit({ kind: 'error', message: (e as Error).message });
    }
  };
  const rebuild = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await buildOnce();
      } while (again);
    })().finally(() => {
      running = undefined;
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    });
    return running;
  };

  // The first build must succeed: there is nothing to serve otherwise.
  const first = await buildSiteFolder(catalogDir, out, base);
  emit({ kind: 'built', ms: 0, ...first });

  // The triage page of discovery (ranked candidates; accept, reject, skip) lives beside the static site.
  const triage = createTriageHandler({ catalog: catalogDir, store: resolveStorePath(opts.store), basePath: `${base}triage/` });
  const staticHandler = createStaticHandler({ root: out, base });
  const server = createServer((req, res) => {
    if (!triage.handle(req, res)) staticHandler(req, res);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => ok());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (opts.watch !== false) {
    watcher = watch(catalogDir, { recursive: true }, (_event, name) => {
      // Temporary and journal files of the catalog writer come and go during a write; the final rename follows.
      if (name && /(\.tmp|\.journal|~)$/.test(String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), opts.debounceMs ?? 200);
    });
    watcher.on('error', (e) => emit({ kind: 'error', message: `watching ${catalogDir}: ${e.message}` }));
  }

  return {
    url: `http://${host}:${addr.port}${base}`,
    server,
    out,
    rebuilt: () => new Promise<void>((ok) => waiters.push(ok)),
    rebuild,
    async close() {
      clearTimeout(timer);
      watcher?.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      if (running) await running;
      if (temp) rmSync(dirname(out), { recursive: true, force: true });
    },
  };
}
