/**
 * `harvest --from-file`: bulk import of JSON lines — the arXiv metadata snapshot or generic lines of papers — plain
 * or gzip. Two stages on two cores: a worker thread reads, inflates, parses and checks (jsonl-parse.ts) while this
 * thread writes batches to SQLite; a small credit window between them keeps memory bounded. (Running from the
 * TypeScript sources, as the tests do, the reading stage runs in-process: workers cannot load .ts files.)
 *
 * Every batch is committed together with a checkpoint (the last line it covers), so a killed import, rerun on the
 * same unchanged file (same size and modification time), skips the lines it already stored.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fail, PapershelfError } from '../model/problems.js';
import type { Store } from '../store/store.js';
import { parseJsonLinesFile, ReadFailure, type ParsedBatch } from './jsonl-parse.js';
import type { HarvestReport, ProgressFn } from './report.js';

const BATCH = 2000;
/** How many refused lines are reported one by one (all are counted). */
const MAX_PROBLEMS = 20;

export interface FileHarvestOptions {
  file: string;
  onProgress?: ProgressFn;
  /** Papers per transaction. */
  batch?: number;
  /** Parse in a worker thread when possible (default true). */
  worker?: boolean;
}

type WorkerMessage = { type: 'batch'; batch: ParsedBatch } | { type: 'end' } | { type: 'error'; message: string; kind: ReadFailure['kind']; lineNo: number };

/** The reading stage in a worker thread, as an async iterator; each `next()` acknowledges the previous batch. */
async function* fromWorker(file: string, skip: number, batchSize: number): AsyncGenerator<ParsedBatch> {
  const worker = new Worker(new URL('./jsonl-worker.js', import.meta.url), { workerData: { file, skip, batchSize } });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (m: WorkerMessage) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ type: 'error', message: e.message, kind: 'read', lineNo: 0 }));
  worker.on('exit', (code) => push({ type: 'error', message: `the reader stopped (exit code ${code})`, kind: 'read', lineNo: 0 }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      if (m.type === 'end') return;
      if (m.type === 'error') throw new ReadFailure(m.message, m.kind, m.lineNo);
      yield m.batch;
      worker.postMessage('ack');
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

export async function harvestFile(store: Store, opts: FileHarvestOptions): Promise<HarvestReport> {
  const file = resolve(opts.file);
  let size = 0;
  let mtime = 0;
  try {
    const st = statSync(file);
    size = st.size;
    mtime = Math.floor(st.mtimeMs);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' });
  } catch (e) {
    fail('E_HARVEST_FILE', `cannot read ${opts.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: opts.file, hint: 'pass a JSON-lines file (plain or .gz)' });
  }
  const t0 = performance.now();
  const key = `file ${file}`;
  const signature = `${size}:${mtime}`;
  const previous = store.getCheckpoint(key);
  // Resume only an unfinished import of the very same file.
  const skip = previous && !previous.done && previous.token?.startsWith(signature + ':') ? Number(previous.token.split(':')[2]) || 0 : 0;
  const carried = skip ? previous!.harvested : 0;
  const report: HarvestReport = { source: 'file', target: opts.file, read: 0, inserted: 0, updated: 0, unchanged: 0, refused: 0, problems: [], requests: 0, complete: false, ms: 0, ...(skip ? { resumedFrom: skip } : {}) };
  const batchSize = opts.batch ?? BATCH;
  const useWorker = opts.worker !== false && import.meta.url.endsWith('.js');
  const batches = useWorker ? fromWorker(file, skip, batchSize) : parseJsonLinesFile(file, skip, batchSize);
  let lastLine = skip;
  const stored = () => report.inserted + report.updated + report.unchanged;
  try {
    for await (const b of batches) {
      report.read += b.read;
      for (const r of b.refused) {
        report.refused++;
        if (report.problems.length < MAX_PROBLEMS) report.problems.push({ code: 'W_HARVEST_RECORD', severity: 'warning', file: opts.file, line: r.line, message: r.message });
      }
      const counts = store.upsert(b.papers, b.format, { key, token: `${signature}:${b.lineNo}`, harvested: carried + stored() + b.papers.length, total: null, done: null });
      report.inserted += counts.inserted;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
      lastLine = b.lineNo;
      opts.onProgress?.({ done: b.bytes, total: size, unit: 'bytes', papers: stored() });
    }
  } catch (e) {
    if (!(e instanceof ReadFailure)) throw e;
    if (e.kind === 'not-jsonl') {
      throw new PapershelfError([{ code: 'E_NOT_JSONL', severity: 'error', file: opts.file, message: `${opts.file} does not look like JSON lines: ${e.message}`, hint: 'harvest --from-file reads one JSON object per line (the arXiv metadata snapshot, or lines with id, title, abstract, authors, categories and a date), plain or gzip' }]);
    }
    throw new PapershelfError([{ code: 'E_HARVEST_FILE', severity: 'error', file: opts.file, line: Math.max(lastLine, e.lineNo) || undefined, message: `${opts.file} could not be read to its end: ${e.message}`, hint: `the ${stored()} papers before that point are stored; fix or re-download the file and run the same command again to continue` }]);
  }
  store.putCheckpoint({ key, token: `${signature}:${lastLine}`, harvested: carried + stored(), total: carried + stored(), done: new Date().toISOString(), started: previous?.started });
  report.complete = true;
  report.ms = performance.now() - t0;
  return report;
}
