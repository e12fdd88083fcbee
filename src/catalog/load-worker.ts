/**
 * A worker thread of the catalog loader: reads and parses its share of the files and posts the results back on a
 * MessagePort, then wakes the loader, which waits synchronously (loading stays a synchronous function).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Paper, Resource } from '../model/schema.js';
import { readAndParse, type ParseJob } from './parse-files.js';

const { jobs, kind, port, signal } = workerData as { jobs: ParseJob[]; kind: 'paper' | 'resource'; port: MessagePort; signal: Int32Array };
const results = readAndParse(jobs, kind === 'paper' ? Paper : Resource, false);
port.postMessage(results);
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
parentPort?.close();
