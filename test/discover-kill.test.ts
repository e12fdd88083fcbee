import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { harvestFile } from '../src/harvest/jsonl.js';
import { harvestOai } from '../src/harvest/oai.js';
import { HttpClient } from '../src/sources/http.js';
import { Store } from '../src/store/store.js';
import { fakeServer } from './discover-helpers.js';
import { ROOT, tempDir } from './helpers.js';

const N = 20_000;
const line = (i: number) => JSON.stringify({ id: `2506.${String(10000 + i)}`, title: `Paper number ${i}`, abstract: `The abstract of paper ${i}. `.repeat(20), authors: ['Ada Lovelace', `Author ${i}`], categories: ['cs.LG'], announced: '2025-06-20' });

/** Starts the child harvest and kills it (SIGKILL: no chance to clean up) once it has stored some papers. */
async function killMidway(args: string[], store: string, atLeast: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'discover-child.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    let count = 0;
    try {
      const s = Store.open(store, { readonly: true });
      count = s.count();
      s.close();
    } catch {
      // not created yet
    }
    if (count >= atLeast) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the child ended before it could be killed (${child.exitCode}): ${err}`);
  }
  child.kill('SIGKILL');
  await exited;
  const s = Store.open(store, { readonly: true });
  const n = s.count();
  s.close();
  return n;
}

test('a bulk import killed at any moment leaves whole papers only, and the rerun resumes after them', async () => {
  const dir = tempDir();
  const file = join(dir, 'big.jsonl');
  writeFileSync(file, Array.from({ length: N }, (_, i) => line(i)).join('\n') + '\n');
  const storeFile = join(dir, 'store.sqlite');
  const stored = await killMidway(['file', file, storeFile], storeFile, 500);
  assert.ok(stored > 0 && stored < N, `killed mid-way (${stored} stored)`);
  const s = Store.open(storeFile);
  try {
    // Every stored paper is whole, and they are the first ones of the file (batches commit in order).
    for (let i = 0; i < stored; i++) {
      const p = s.get(`2506.${10000 + i}`);
      assert.ok(p, `paper ${i} stored`);
      assert.equal(p.abstract, `The abstract of paper ${i}.`.concat(' The abstract of paper '.concat(String(i), '.').repeat(19)));
      assert.deepEqual(p.authors, ['Ada Lovelace', `Author ${i}`]);
    }
    const cp = s.getCheckpoint(`file ${file}`)!;
    assert.equal(Number(cp.token!.split(':')[2]), stored, 'the checkpoint names the last stored line');
    const r = await harvestFile(s, { file, batch: 1000 });
    assert.equal(r.resumedFrom, stored);
    assert.equal(r.inserted, N - stored);
    assert.equal(s.count(), N);
  } finally {
    s.close();
  }
});

test('an OAI-PMH harvest killed mid-list resumes from its stored resumption token', async () => {
  const PAGES = 400;
  const record = (i: number) => `<record><header><identifier>oai:arXiv.org:2506.${String(20000 + i)}</identifier><datestamp>2025-06-20</datestamp></header><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>2506.${String(20000 + i)}</id><created>2025-06-19</created><authors><author><keyname>Lovelace</keyname><forenames>Ada</forenames></author></authors><title>OAI paper ${i}</title><categories>cs.LG</categories><abstract>Abstract ${i}.</abstract></arXiv></metadata></record>`;
  const srv = await fakeServer((url) => {
    const page = Number(url.searchParams.get('resumptionToken')?.split('-')[1] ?? 0);
    const records = Array.from({ length: 5 }, (_, k) => record(page * 5 + k)).join('');
    const token = page + 1 < PAGES ? `<resumptionToken cursor="${page * 5}" completeListSize="${PAGES * 5}">p-${page + 1}</resumptionToken>` : '<resumptionToken/>';
    return { body: `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-06-20T00:00:00Z</responseDate><ListRecords>${records}${token}</ListRecords></OAI-PMH>` };
  });
  const dir = tempDir();
  const storeFile = join(dir, 'store.sqlite');
  try {
    const stored = await killMidway(['oai', `${srv.url}/oai`, storeFile], storeFile, 50);
    assert.ok(stored % 5 === 0 && stored < PAGES * 5, `whole pages only (${stored})`);
    const s = Store.open(storeFile);
    try {
      const before = srv.requests.length;
      const r = await harvestOai(s, new HttpClient({ userAgent: 't', limits: { arxiv: { intervalMs: 0, concurrency: 1 } } }), { baseUrl: `${srv.url}/oai`, set: 'cs', from: '2025-06-01' });
      assert.equal(r.resumedFrom, `p-${stored / 5}`);
      assert.equal(srv.requests.length - before, PAGES - stored / 5, 'no page asked twice');
      assert.equal(s.count(), PAGES * 5);
    } finally {
      s.close();
    }
  } finally {
    await srv.close();
  }
});
