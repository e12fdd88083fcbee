/**
 * The reading half of a bulk import: a JSON-lines file (plain or gzip, detected by its magic bytes) → batches of
 * checked papers. Streamed: memory is bounded by one batch and one line (a line longer than MAX_LINE is skipped and
 * reported). Runs in a worker thread for the compiled CLI (see jsonl.ts) and in-process otherwise.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { HarvestedPaper, PaperSource } from '../store/record.js';
import { fromJsonLine } from './normalize.js';

/** A longer line is not a paper (the longest snapshot lines are ~60 KB). */
export const MAX_LINE = 4 << 20;
/** Refusals of lines that are not JSON before any line was: the file is not JSON lines at all. */
export const NOT_JSONL_AFTER = 20;

export interface ParsedBatch {
  papers: HarvestedPaper[];
  /** One source format per batch, so each paper records where it came from. */
  format: PaperSource;
  /** Line number of the last line this batch covers: the resume point once it is stored. */
  lineNo: number;
  /** Compressed bytes read so far (for the progress bar). */
  bytes: number;
  /** Non-empty lines read in this batch. */
  read: number;
  refused: { line: number; message: string }[];
}

/** Thrown (or posted by the worker) when the file is not JSON lines or cannot be read to its end. */
export class ReadFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'not-jsonl' | 'read',
    readonly lineNo: number,
  ) {
    super(message);
  }
}

export function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Splits a byte stream into lines, bounded: an over-long line is skipped and reported by number. */
async function* lines(chunks: AsyncIterable<Buffer>, onLong: (line: number) => void): AsyncGenerator<string> {
  let carry = '';
  let skipping = false;
  let n = 0;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      n++;
      if (skipping) skipping = false;
      else yield carry + text.slice(start, nl);
      carry = '';
      start = nl + 1;
    }
    if (!skipping) {
      carry += text.slice(start);
      if (carry.length > MAX_LINE) {
        onLong(n + 1);
        carry = '';
        skipping = true;
      }
    }
  }
  const rest = carry + decoder.decode();
  if (!skipping && rest.trim()) yield rest;
}

/** Reads `file` from line `skip + 1` on, yielding batches of `batchSize` papers. Throws ReadFailure. */
export async function* parseJsonLinesFile(file: string, skip: number, batchSize: number): AsyncGenerator<ParsedBatch> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  raw.on('data', (c) => {
    bytes += c.length;
  });
  // zlib inflates on libuv's thread pool, beside the JavaScript that parses.
  const stream = isGzip(file) ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  raw.on('error', (e) => stream.destroy(e));
  let batch: ParsedBatch = { papers: [], format: 'jsonl', lineNo: skip, bytes: 0, read: 0, refused: [] };
  let lineNo = 0;
  let parsedOk = 0;
  let notJson = 0;
  const take = () => {
    const b = { ...batch, lineNo, bytes };
    batch = { papers: [], format: batch.format, lineNo, bytes, read: 0, refused: [] };
    return b;
  };
  try {
    for await (const line of lines(stream as AsyncIterable<Buffer>, (n) => batch.refused.push({ line: n, message: `line longer than ${MAX_LINE >> 20} MB: not a paper` }))) {
      lineNo++;
      if (lineNo <= skip || !line.trim()) continue;
      batch.read++;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        batch.refused.push({ line: lineNo, message: 'not valid JSON' });
        if (parsedOk === 0 && ++notJson >= NOT_JSONL_AFTER) throw new ReadFailure(`the first ${notJson} lines are not JSON`, 'not-jsonl', lineNo);
        continue;
      }
      if (!o || typeof o !== 'object' || Array.isArray(o)) {
        batch.refused.push({ line: lineNo, message: 'not a JSON object' });
        continue;
      }
      parsedOk++;
      const r = fromJsonLine(o as Record<string, unknown>);
      if (!r.ok) {
        batch.refused.push({ line: lineNo, message: r.reason });
        continue;
      }
      if (r.format !== batch.format && batch.papers.length) {
        lineNo--; // this line belongs to the next batch
        yield take();
        lineNo++;
      }
      batch.format = r.format;
      batch.papers.push(r.paper);
      if (batch.papers.length >= batchSize) yield take();
    }
  } catch (e) {
    if (e instanceof ReadFailure) throw e;
    // A truncated or corrupt gzip stream, or a read error, after `lineNo` lines.
    if (batch.papers.length) yield take();
    throw new ReadFailure((e as Error).message, 'read', lineNo);
  } finally {
    raw.destroy();
  }
  yield take();
}
