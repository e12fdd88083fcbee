/**
 * Trains many categories on all cores: the matrix is shared with worker threads (SharedArrayBuffer, no copy), one
 * per core, and each takes the next category until none is left (this thread only hands them out: a synchronous
 * training here would keep the workers waiting for their next category). Training is seeded per category,
 * so the models are the same whichever thread trains them. Running from the TypeScript sources (tests), workers
 * cannot load .ts files and everything runs in this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RankParams } from './defaults.js';
import type { Csr } from './matrix.js';
import { trainCategory, type CategoryInput, type CategoryModel } from './rank.js';

export function canUseWorkers(): boolean {
  return import.meta.url.endsWith('.js');
}

export async function trainAll(X: Csr, inputs: CategoryInput[], params: RankParams, threads = availableParallelism()): Promise<CategoryModel[]> {
  const out: CategoryModel[] = new Array(inputs.length);
  const shared = X.indices.buffer instanceof SharedArrayBuffer;
  const helpers = shared && canUseWorkers() && threads > 1 && inputs.length > 1 ? Math.min(threads, inputs.length) : 0;
  let next = 0;
  const workers: Worker[] = [];
  try {
    const done = Array.from({ length: helpers }, () => {
      const w = new Worker(new URL('./train-worker.js', import.meta.url), { workerData: { X, params } });
      workers.push(w);
      return new Promise<void>((resolve, reject) => {
        let current = -1;
        const give = () => {
          if (next >= inputs.length) return resolve();
          current = next++;
          w.postMessage(inputs[current]);
        };
        w.on('message', (m: CategoryModel) => {
          out[current] = m;
          give();
        });
        w.on('error', reject);
        give();
      });
    });
    if (!helpers) for (let i = 0; i < inputs.length; i++) out[i] = trainCategory(X, inputs[i]!, params);
    await Promise.all(done);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
