/**
 * Reading and parsing a batch of catalog files (one open per file: the size and mtime come from its descriptor).
 *
 * A big batch can be parsed by two threads at once (`ParseHelper`): both claim chunks of the same job list from a
 * shared counter, so the second thread helps from whenever it is ready and both finish together.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { z } from 'zod';
import type { Problem } from '../model/problems.js';
import { Paper, Resource } from '../model/schema.js';
import { parseYaml } from './yaml.js';

export interface ParseJob {
  path: string;
  /** The path as shown in problems. */
  file: string;
}

export interface ParsedFile {
  path: string;
  file: string;
  size: number;
  mtimeMs: number;
  /** Kept only when asked: a 100k-paper catalog need not hold every text; it is read again when needed. */
  text?: string;
  value?: unknown;
  problems: Problem[];
}

/** Schemas by name, so that another thread can be told which one to use. */
export const SCHEMAS = { paper: Paper, resource: Resource } as const;
export type SchemaName = keyof typeof SCHEMAS;

export function readAndParse(jobs: ParseJob[], schema: z.ZodType, keepText: boolean): ParsedFile[] {
  return jobs.map((job) => parseOne(job, schema, keepText));
}

/** Catalog files are a few hundred bytes; bigger ones are read whole. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

function parseOne({ path, file }: ParseJob, schema: z.ZodType, keepText: boolean): ParsedFile {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    // One read into a reused buffer for the usual small file (readFileSync would stat it again and allocate).
    const n = st.size < readBuffer.length ? readSync(fd, readBuffer, 0, readBuffer.length, 0) : -1;
    const text = n >= 0 && n < readBuffer.length ? readBuffer.toString('utf8', 0, n) : readFileSync(fd, 'utf8');
    const { value, problems } = parseYaml(text, schema, file);
    return { path, file, size: st.size, mtimeMs: st.mtimeMs, value, problems, ...(keepText ? { text } : {}) };
  } catch (e) {
    return { path, file, size: -1, mtimeMs: -1, problems: [{ code: 'E_READ', severity: 'error', file, message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'check the file permissions' }] };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// ------------------------------------------------------------------------------------------ two threads, one batch

/**
 * The state two threads share while parsing one batch: [0] the next job index to claim, [1] the helper's state
 * (WAITING until it starts, then STARTED, or CANCELLED by the caller that finished before the helper began), [2] a
 * heartbeat the helper bumps after each chunk, [3] DONE once its results are posted.
 */
export type SharedParseState = Int32Array;
export const WAITING = 0;
export const STARTED = 1;
export const CANCELLED = 2;
export const DONE = 1;
const CHUNK = 32;

export function sharedParseState(): SharedParseState {
  return new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
}

/** Parses chunks of `jobs` claimed from `state` until none is left; returns [job index, result] pairs. */
export function parseClaimed(jobs: ParseJob[], schema: SchemaName, keepText: boolean, state: SharedParseState, opts: { beat?: boolean; onChunk?: (chunk: [number, ParsedFile][]) => void } = {}): [number, ParsedFile][] {
  const out: [number, ParsedFile][] = [];
  for (;;) {
    const start = Atomics.add(state, 0, CHUNK);
    if (start >= jobs.length) return out;
    const from = out.length;
    for (let i = start; i < Math.min(start + CHUNK, jobs.length); i++) out.push([i, parseOne(jobs[i]!, SCHEMAS[schema], keepText)]);
    if (opts.beat) Atomics.add(state, 2, 1);
    opts.onChunk?.(out.slice(from));
  }
}

/** A batch being parsed by a helper beside this thread (ParseHelper.parse). */
export interface HelperLink {
  /** The helper's results that have arrived so far; does not wait. */
  poll(): [number, ParsedFile][];
  /**
   * Waits until the helper has finished the chunks it claimed and returns the rest of its results, or undefined if it
   * stopped answering (the caller then parses what is missing itself).
   */
  join(): [number, ParsedFile][] | undefined;
  /** Hands this thread's own results to the helper, for a helper that will need the values afterwards. */
  share?(chunk: [number, ParsedFile][]): void;
}

/** Another thread that can parse part of a batch (src/commands/helper.ts runs one in a worker). */
export interface ParseHelper {
  /** Starts the helper on `jobs`, claiming chunks from `state` beside the caller. */
  parse(jobs: ParseJob[], schema: SchemaName, keepText: boolean, state: SharedParseState): HelperLink;
}

/**
 * Parses a batch, with a helper thread when one is offered for a batch of this size. Results are in job order.
 * Results cross between the threads chunk by chunk while both parse, not all at once at the end, where the other
 * thread would wait for them.
 */
export function parseBatch(jobs: ParseJob[], schema: SchemaName, keepText: boolean, helper?: (files: number) => ParseHelper | undefined): ParsedFile[] {
  const h = jobs.length ? helper?.(jobs.length) : undefined;
  if (!h) return readAndParse(jobs, SCHEMAS[schema], keepText);
  const state = sharedParseState();
  const link = h.parse(jobs, schema, keepText, state);
  const results: (ParsedFile | undefined)[] = new Array(jobs.length);
  const take = (pairs: [number, ParsedFile][]) => {
    for (const [i, r] of pairs) results[i] = r;
  };
  take(parseClaimed(jobs, schema, keepText, state, { onChunk: (chunk) => (link.share?.(chunk), take(link.poll())) }));
  // Finished first and the helper never began: it must not start now.
  const helped = Atomics.compareExchange(state, 1, WAITING, CANCELLED) !== WAITING;
  if (helped) take(link.join() ?? []);
  // Whatever a helper that stopped answering had claimed is parsed here (a loop: `map` would skip the holes).
  for (let i = 0; i < jobs.length; i++) results[i] ??= parseOne(jobs[i]!, SCHEMAS[schema], keepText);
  return results as ParsedFile[];
}
