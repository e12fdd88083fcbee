/** The helper thread (helper.ts): parses its share of a batch of catalog files, then runs the writers it is sent. */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Catalog } from '../catalog/load.js';
import { DONE, parseClaimed, STARTED, WAITING } from '../catalog/parse-files.js';
import type { HelperMessage, ParseReply, SharedValues, WriteJob, WriteReply } from './helper.js';

const { port, writes } = workerData as { port: MessagePort; writes: boolean };
/** The values this thread parsed or was given, by shown path: a write job refers to them instead of sending them. */
const kept = new Map<string, unknown>();

parentPort!.on('message', (msg: HelperMessage) => {
  if (msg.type === 'parse') parse(msg);
  else void write(msg.job);
});

function parse({ jobs, schema, keepText, state }: Extract<HelperMessage, { type: 'parse' }>): void {
  // The main thread may have finished the batch alone before this thread got to it.
  if (Atomics.compareExchange(state, 1, WAITING, STARTED) !== WAITING) return;
  parseClaimed(jobs, schema, keepText, state, {
    beat: true,
    onChunk: (results) => {
      for (const [, r] of results) if (r.value !== undefined) kept.set(r.file, r.value);
      port.postMessage({ results } satisfies ParseReply);
      takeShared();
    },
  });
  Atomics.store(state, 3, DONE);
  Atomics.notify(state, 3);
  if (writes) void import('./write-outputs.js'); // the writers' modules load while the main thread finishes the catalog
}

/** Takes the values the main thread parsed and shared (helper.ts), as they have arrived. */
function takeShared(): void {
  for (let m; (m = receiveMessageOnPort(port)); ) for (const [file, value] of (m.message as SharedValues).kept) kept.set(file, value);
}

async function write(job: WriteJob): Promise<void> {
  let reply: WriteReply;
  try {
    takeShared(); // all of them: they were posted before the job
    const fill = (entries: WriteJob['catalog']['papers']) => {
      for (const e of entries) {
        if (!e.ref) continue;
        if (!kept.has(e.file)) throw new Error(`no parsed data kept for ${e.file}`);
        e.data = kept.get(e.file);
        delete e.ref;
      }
    };
    fill(job.catalog.papers);
    fill(job.catalog.resources);
    kept.clear();
    const catalog = job.catalog as unknown as Catalog;
    const { runWriters } = await import('./write-outputs.js');
    reply = { counts: await runWriters({ catalog, base: job.base, siteUrl: job.siteUrl, now: new Date(job.now), helper: true }, job.writers, job.staging, ' (worker)', job.claims) };
  } catch (e) {
    reply = { error: `output writer failed: ${(e as Error).stack ?? e}` };
  }
  parentPort!.postMessage(reply);
}
