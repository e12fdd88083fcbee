/**
 * The helper thread of a big build: it parses part of the catalog beside the main thread (catalog/parse-files.ts),
 * then runs the output writers marked `thread` (write-outputs.ts) while the main thread renders the pages. It keeps
 * the values it parsed, so the catalog it is sent for writing leaves those out (`ref`) instead of copying them back.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { type HelperLink, type ParsedFile, type ParseHelper, type ParseJob, type SchemaName, type SharedParseState } from '../catalog/parse-files.js';

/** What the helper is sent to write: the parsed catalog without its lazily read texts, and where to write. */
export interface WriteJob {
  writers: string[];
  staging: string;
  base: string;
  siteUrl: string;
  now: number;
  /** The counters of the shared writers (write-outputs.ts), shared with the main thread. */
  claims: Int32Array;
  catalog: {
    dir: string;
    taxonomyFile: string;
    taxonomy: unknown;
    problems: unknown[];
    /** `ref`: the helper parsed this file itself and takes the data from what it kept. */
    papers: { file: string; stem: string; data?: unknown; ref?: true }[];
    resources: { file: string; stem: string; data?: unknown; ref?: true }[];
  };
}
export type HelperMessage =
  | { type: 'parse'; jobs: ParseJob[]; schema: SchemaName; keepText: boolean; state: SharedParseState }
  | { type: 'write'; job: WriteJob };
export type WriteReply = { counts: Record<string, number> } | { error: string };
/** Over the parse channel: the helper's results of one chunk, to the caller… */
export interface ParseReply {
  results: [number, ParsedFile][];
}
/** …and the caller's parsed values, to a helper that will write (by shown path). */
export interface SharedValues {
  kept: [string, unknown][];
}

/** Below this many papers (files to parse, or papers to write), a helper's start-up (≈0.2 s of a core) buys nothing. */
export const HELPER_MIN_PAPERS = 2000;

/** A `LoadOptions.helper`: the helper `get` returns, for a batch of files big enough to share. */
export function offerHelper(get: () => Helper): (files: number) => Helper | undefined {
  return (files) => (files >= HELPER_MIN_PAPERS ? get() : undefined);
}

/**
 * A helper for a catalog big enough to want one, started now: before the caller loads its heavy modules, so that the
 * helper's own start-up overlaps theirs. Counting the paper files is one readdir.
 */
export function startHelper(catalogDir: string, opts: { writes?: boolean } = {}): Helper | undefined {
  let files = 0;
  try {
    for (const name of readdirSync(join(catalogDir, 'papers'))) if (name.endsWith('.yaml')) files++;
  } catch {
    return undefined; // no catalog there: the loader says so
  }
  return files >= HELPER_MIN_PAPERS ? new Helper(opts) : undefined;
}

/** A helper that has not finished a chunk for this long is given up on; the main thread parses what it had. */
const STALL_MS = 15_000;

export class Helper implements ParseHelper {
  private readonly worker: Worker;
  /** Parse results arrive here and are read synchronously: the loader is synchronous. */
  private readonly port: MessagePort;
  /** Files whose values the helper holds (by their shown path): the ones it parsed and the ones shared with it. */
  private readonly kept = new Set<string>();
  private readonly writes: boolean;
  private failed: Error | undefined;

  /** `writes`: it will be given writers after parsing (their modules then load as soon as it has parsed). */
  constructor(opts: { writes?: boolean } = {}) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.writes = opts.writes ?? false;
    this.worker = new Worker(new URL('./helper-worker.js', import.meta.url), { workerData: { port: port2, writes: this.writes }, transferList: [port2] });
    this.worker.on('error', (e) => (this.failed ??= e));
    this.worker.on('exit', (code) => (this.failed ??= new Error(`the helper thread stopped (exit code ${code})`)));
    // Until it is given writing work, the helper must not keep the process alive (a `check` that returns early).
    this.worker.unref();
  }

  parse(jobs: ParseJob[], schema: SchemaName, keepText: boolean, state: SharedParseState): HelperLink {
    this.post({ type: 'parse', jobs, schema, keepText, state });
    const poll = (): [number, ParsedFile][] => {
      const out: [number, ParsedFile][] = [];
      for (let m; (m = receiveMessageOnPort(this.port)); ) {
        for (const pair of (m.message as ParseReply).results) {
          if (pair[1].value !== undefined) this.kept.add(pair[1].file);
          out.push(pair);
        }
      }
      return out;
    };
    const join = (): [number, ParsedFile][] | undefined => {
      let beat = Atomics.load(state, 2);
      let quietSince = performance.now();
      while (Atomics.wait(state, 3, 0, 250) === 'timed-out') {
        const now = Atomics.load(state, 2);
        if (now !== beat) (beat = now), (quietSince = performance.now());
        else if (performance.now() - quietSince > STALL_MS) return this.giveUp();
      }
      // Every chunk was posted before DONE was set: all are in the port's queue now.
      return poll();
    };
    if (!this.writes) return { poll, join };
    // A helper that will write keeps the values this thread parsed too, so the write job need not carry them.
    const share = (chunk: [number, ParsedFile][]) => {
      const values: [string, unknown][] = [];
      for (const [, r] of chunk) if (r.value !== undefined) (values.push([r.file, r.value]), this.kept.add(r.file));
      this.port.postMessage({ kept: values } satisfies SharedValues);
    };
    return { poll, join, share };
  }

  /** False once the thread failed or stopped answering: give its work to a new one. */
  usable(): boolean {
    return !this.failed;
  }

  /** Whether the helper holds the value of this file (so a write job can send a `ref`). */
  has(file: string): boolean {
    return this.kept.has(file);
  }

  /** Runs writers on the helper; resolves with the files written per writer. */
  write(job: WriteJob): Promise<Record<string, number>> {
    if (this.failed) return Promise.reject(this.failed);
    this.worker.ref();
    const done = new Promise<Record<string, number>>((ok, fail) => {
      const settle = (f: () => void) => {
        this.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        f();
      };
      const onMessage = (reply: WriteReply) => settle(() => ('error' in reply ? fail(new Error(reply.error)) : ok(reply.counts)));
      const onError = (e: Error) => settle(() => fail(e));
      const onExit = (code: number) => settle(() => fail(new Error(`the helper thread stopped (exit code ${code}) before it finished`)));
      this.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    done.catch(() => undefined); // awaited by the caller; never an unhandled rejection
    this.post({ type: 'write', job });
    return done;
  }

  async stop(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }

  private post(msg: HelperMessage): void {
    this.worker.postMessage(msg);
  }

  private giveUp(): undefined {
    this.failed ??= new Error('the helper thread stopped answering');
    void this.worker.terminate();
    return undefined;
  }
}
