/** Worker-thread entry of a bulk import: parses the file and posts batches, at most CREDITS ahead of the writer. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseJsonLinesFile, ReadFailure } from './jsonl-parse.js';

/** Batches posted but not yet stored: bounds the memory the queue between the threads can take. */
const CREDITS = 3;

const { file, skip, batchSize } = workerData as { file: string; skip: number; batchSize: number };
const port = parentPort!;
let credits = CREDITS;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});
try {
  for await (const batch of parseJsonLinesFile(file, skip, batchSize)) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    port.postMessage({ type: 'batch', batch });
  }
  port.postMessage({ type: 'end' });
} catch (e) {
  const f = e instanceof ReadFailure ? e : new ReadFailure((e as Error).message, 'read', 0);
  port.postMessage({ type: 'error', message: f.message, kind: f.kind, lineNo: f.lineNo });
}
