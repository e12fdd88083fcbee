/** Helpers of the discovery tests: fixtures, a local arXiv stand-in (OAI-PMH and API) with faults, a test catalog. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient, type HttpOptions } from '../src/sources/http.js';
import type { Sources } from '../src/sources/lookup.js';
import { FIXTURES, paperYaml, tree } from './helpers.js';

export const DISCOVER = join(FIXTURES, 'discover');
export const fixture = (name: string) => join(DISCOVER, name);
export const fixtureText = (name: string) => readFileSync(fixture(name), 'utf8');

export type Reply = { status?: number; headers?: Record<string, string>; body?: string } | 'reset' | 'hang';

/** A server on 127.0.0.1:0 whose answers come from `route`; records every request's URL. */
export async function fakeServer(route: (url: URL, n: number) => Reply): Promise<{ url: string; requests: URL[]; close(): Promise<void> }> {
  const requests: URL[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const r = route(url, requests.length);
    if (r === 'reset') return req.socket.destroy();
    if (r === 'hang') return; // never answers: the client's timeout must fire
    res.writeHead(r.status ?? 200, { 'content-type': 'text/xml; charset=utf-8', ...r.headers });
    res.end(r.body ?? '');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/**
 * Network access for tests: no cache, a fake clock that sleeps instantly (politeness delays and backoff are recorded
 * in `waits`, not waited), short timeouts.
 */
export function testSources(apiUrl: string, extra: Partial<HttpOptions> = {}): Sources & { waits: number[]; now: () => number } {
  let now = 1_700_000_000_000;
  const waits: number[] = [];
  const client = new HttpClient({
    userAgent: 'papershelf-test',
    clock: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    random: () => 0.5,
    timeoutMs: 2000,
    ...extra,
  });
  return {
    client,
    config: { arxivApi: `${apiUrl}/api/query`, s2Api: `${apiUrl}/s2`, doiApi: `${apiUrl}/doi`, cacheDir: '/nonexistent', cacheMaxAgeDays: 0, userAgent: 'papershelf-test' },
    waits,
    now: () => now,
  };
}

export const TAXONOMY = `title: Test List
categories:
  - id: compression
    name: { en: Compression }
    children:
      - id: quantization
        name: { en: Quantization }
  - id: rag
    name: { en: Retrieval-Augmented Generation }
  - id: agents
    name: { en: Agents }
tags:
  - id: must-read
    name: { en: Must read }
`;

/**
 * A catalog whose taste the fixture papers.jsonl can teach: three quantization papers and three RAG papers of the
 * fixture are in it (2506.00101–103, 2506.00107–109); the others are candidates.
 */
export function testCatalog(): string {
  const paper = (id: string, title: string, cats: string) => paperYaml({ arxiv: `"${id}"`, title: `"${title}"`, date: '2025-06-02', categories: cats, tags: '[]' });
  return join(
    tree({
      'catalog/taxonomy.yaml': TAXONOMY,
      'catalog/papers/2506.00101.yaml': paper('2506.00101', 'Post-Training Quantization of Large Language Models with Outlier Channels', '[quantization]'),
      'catalog/papers/2506.00102.yaml': paper('2506.00102', 'Low-Bit Weight Quantization via Learned Rounding', '[quantization]'),
      'catalog/papers/2506.00103.yaml': paper('2506.00103', 'Quantization-Aware Fine-Tuning for Efficient Language Model Inference', '[quantization]'),
      'catalog/papers/2506.00107.yaml': paper('2506.00107', 'Retrieval-Augmented Generation with Adaptive Document Selection', '[rag]'),
      'catalog/papers/2506.00108.yaml': paper('2506.00108', 'Dense Retrieval for Multi-Hop Question Answering', '[rag]'),
      'catalog/papers/2506.00109.yaml': paper('2506.00109', 'Reducing Hallucination in Retrieval-Augmented Language Models', '[rag]'),
    }),
    'catalog',
  );
}

/** Parameters for stores of a few dozen papers (every term counts). */
export const SMALL = { minDf: 1, maxDf: 1, maxNegatives: 1000 };
