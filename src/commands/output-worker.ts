/** The worker thread of write-outputs.ts: runs the writers it is sent over the catalog it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/load.js';
import { runWriters, type WorkerJob, type WorkerReply } from './write-outputs.js';

const job = workerData as WorkerJob;
let reply: WorkerReply;
try {
  const catalog = job.catalog as unknown as Catalog;
  reply = { counts: await runWriters({ catalog, base: job.base, siteUrl: job.siteUrl, now: new Date(job.now) }, job.writers, job.staging, ' (worker)') };
} catch (e) {
  reply = { error: `output writer failed: ${(e as Error).stack ?? e}` };
}
parentPort!.postMessage(reply);
