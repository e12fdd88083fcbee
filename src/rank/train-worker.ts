/** Worker-thread entry of pool.ts: trains the categories it is sent on the shared matrix, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { RankParams } from './defaults.js';
import type { Csr } from './matrix.js';
import { trainCategory, type CategoryInput } from './rank.js';

const { X, params } = workerData as { X: Csr; params: RankParams };
parentPort!.on('message', (job: CategoryInput) => {
  const m = trainCategory(X, job, params);
  parentPort!.postMessage(m, [m.w.buffer as ArrayBuffer]);
});
