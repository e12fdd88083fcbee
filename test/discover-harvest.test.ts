import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { harvestApi, storeCatalogPapers } from '../src/harvest/api.js';
import { harvestFile } from '../src/harvest/jsonl.js';
import { harvestOai, parseOaiPage } from '../src/harvest/oai.js';
import { PapershelfError } from '../src/model/problems.js';
import { Store } from '../src/store/store.js';
import { fakeServer, fixture, fixtureText, testSources, type Reply } from './discover-helpers.js';
import { tempDir } from './helpers.js';

const openStore = () => Store.open(join(tempDir(), 's.sqlite'));
const lines = (f: string) => readFileSync(fixture(f), 'utf8').split('\n').filter(Boolean);

test('generic JSON lines: every paper stored once, a rerun changes nothing', async () => {
  const s = openStore();
  try {
    const r = await harvestFile(s, { file: fixture('papers.jsonl') });
    assert.deepEqual([r.read, r.inserted, r.refused, r.complete], [18, 18, 0, true]);
    const p = s.get('2506.00104')!;
    assert.equal(p.title, 'KV Cache Quantization for Long-Context Inference');
    assert.deepEqual([p.announced, p.source, p.categories], ['2025-06-05', 'jsonl', ['cs.CL', 'cs.LG']]);
    const again = await harvestFile(s, { file: fixture('papers.jsonl') });
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 18]);
  } finally {
    s.close();
  }
});

test('the arXiv snapshot format, gzip detected by content; bad lines reported with their line numbers', async () => {
  const dir = tempDir();
  const file = join(dir, 'mixed.jsonl.data'); // no .gz in the name: gzip is recognized by its magic bytes
  const text = [...lines('snapshot.jsonl'), '{not json', '[1, 2]', JSON.stringify({ id: 'nope', title: 'x' }), ''].join('\n');
  writeFileSync(file, gzipSync(text));
  const s = openStore();
  try {
    const r = await harvestFile(s, { file });
    assert.equal(r.inserted, 3);
    assert.equal(r.refused, 4);
    assert.deepEqual(r.problems.map((p) => p.line), [4, 5, 6, 7]);
    assert.match(r.problems[0]!.message, /title/);
    assert.match(r.problems[1]!.message, /not valid JSON/);
    const a = s.get('2506.00201')!;
    assert.equal(a.title, 'Sparse Attention Kernels for Long Sequences');
    assert.deepEqual(a.authors, ['Ada Lovelace', 'Wei Zhang', 'Chen Li']);
    assert.deepEqual([a.version, a.published, a.updated, a.source], [2, '2025-06-02', '2025-06-10', 'snapshot']);
    assert.ok(s.get('hep-th/9901001'), 'old-style ids keep their archive');
    assert.equal(s.get('math/0309136')!.version, 3);
  } finally {
    s.close();
  }
});

test('a file that is not JSON lines is refused as a whole', async () => {
  const file = join(tempDir(), 'list.md');
  writeFileSync(file, Array.from({ length: 30 }, (_, i) => `- paper ${i}`).join('\n'));
  const s = openStore();
  try {
    await assert.rejects(harvestFile(s, { file }), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_NOT_JSONL');
    await assert.rejects(harvestFile(s, { file: join(tempDir(), 'missing.jsonl') }), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_HARVEST_FILE');
  } finally {
    s.close();
  }
});

test('a truncated gzip keeps what was read; once the file is whole, the rerun resumes after the stored lines', async () => {
  const dir = tempDir();
  const all = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `2506.${String(10000 + i)}`, title: `Paper ${i}`, abstract: `About thing ${i}.`, authors: ['A B'], categories: ['cs.LG'], announced: '2025-06-20' }));
  const whole = gzipSync(all.join('\n') + '\n');
  const file = join(dir, 'big.jsonl.gz');
  writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.7)));
  const s = openStore();
  try {
    let stored = 0;
    await assert.rejects(harvestFile(s, { file, batch: 500 }), (e: unknown) => {
      assert.ok(e instanceof PapershelfError && e.problems[0]!.code === 'E_HARVEST_FILE');
      assert.match(e.problems[0]!.hint!, /run the same command again/);
      return true;
    });
    stored = s.count();
    assert.ok(stored >= 500 && stored < 3000, `some papers stored (${stored})`);
    // Every stored paper is whole: a title and its abstract.
    for (let i = 0; i < stored; i++) assert.equal(s.get(`2506.${10000 + i}`)?.abstract, `About thing ${i}.`);
    writeFileSync(file, whole);
    const checkpoint = s.getCheckpoint(`file ${file}`)!;
    assert.equal(checkpoint.done, null);
    // The file changed (size): the checkpoint of the truncated one does not apply, so it is read again from the top.
    const r = await harvestFile(s, { file, batch: 500 });
    assert.equal(s.count(), 3000);
    assert.equal(r.inserted, 3000 - stored);
  } finally {
    s.close();
  }
});

test('an interrupted import of an unchanged file resumes after its last stored batch', async () => {
  const dir = tempDir();
  const file = join(dir, 'p.jsonl');
  writeFileSync(file, readFileSync(fixture('papers.jsonl')));
  const s = openStore();
  try {
    await harvestFile(s, { file, batch: 5 });
    // Make it look interrupted after line 10.
    const cp = s.getCheckpoint(`file ${file}`)!;
    const [size, mtime] = cp.token!.split(':');
    s.putCheckpoint({ key: cp.key, token: `${size}:${mtime}:10`, harvested: 10, total: null, done: null });
    const r = await harvestFile(s, { file, batch: 5 });
    assert.equal(r.resumedFrom, 10);
    assert.equal(r.read, 8);
    assert.equal(s.getCheckpoint(`file ${file}`)!.harvested, 18);
  } finally {
    s.close();
  }
});

test('OAI-PMH pages are parsed in the arXiv and arXivRaw formats, deleted records skipped', () => {
  const p1 = parseOaiPage(fixtureText('oai-arxiv-page1.xml'));
  assert.equal(p1.records.length, 3);
  assert.equal(p1.records[1]!.deleted, true);
  assert.deepEqual(p1.token, { value: 'token|page2', cursor: 0, completeListSize: 3 });
  assert.equal(parseOaiPage(fixtureText('oai-arxiv-page2.xml')).token, undefined, 'an empty token ends the list');
  assert.deepEqual(parseOaiPage(fixtureText('oai-error-badResumptionToken.xml')).error?.code, 'badResumptionToken');
  assert.throws(() => parseOaiPage(fixtureText('oai-arxiv-page1.xml').slice(0, 900)), /truncated|malformed/);
  assert.throws(() => parseOaiPage('<html><head><title>Down</title></head><body>maintenance</body></html>'), /HTML/);
});

/** An OAI-PMH server: page 1 → token → page 2, with faults injected by `fault(requestNumber)`. */
async function oaiServer(fault: (n: number, url: URL) => Reply | undefined = () => undefined) {
  return fakeServer((url, n) => {
    const f = fault(n, url);
    if (f) return f;
    const token = url.searchParams.get('resumptionToken');
    if (token === 'token|page2') return { body: fixtureText('oai-arxiv-page2.xml') };
    if (token) return { body: fixtureText('oai-error-badResumptionToken.xml') };
    if (url.searchParams.get('from') === '2025-13-01') return { body: fixtureText('oai-error-badArgument.xml') };
    if (url.searchParams.get('set') === 'none') return { body: fixtureText('oai-error-noRecordsMatch.xml') };
    if (url.searchParams.get('metadataPrefix') === 'arXivRaw') return { body: fixtureText('oai-arxivraw.xml') };
    return { body: fixtureText('oai-arxiv-page1.xml') };
  });
}

test('OAI-PMH: follows resumption tokens, waits 3 s between requests, and survives 429, 503, resets, truncated and HTML answers', async () => {
  const faults: Record<number, Reply> = {
    1: { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' },
    2: { status: 503, headers: { 'retry-after': '5' }, body: '' },
    3: 'reset',
    4: { body: fixtureText('oai-arxiv-page1.xml').slice(0, 1200) },
    5: { body: '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body></body></html>' },
  };
  const srv = await oaiServer((n) => faults[n]);
  const net = testSources(srv.url, { retries: 6 });
  const s = openStore();
  try {
    const r = await harvestOai(s, net.client, { baseUrl: `${srv.url}/oai`, set: 'cs', from: '2025-06-18' });
    assert.equal(r.complete, true);
    assert.deepEqual([r.inserted, r.read], [3, 4]);
    assert.equal(srv.requests.length, 7, '5 failures, then page 1 and page 2');
    assert.equal(srv.requests[0]!.searchParams.get('metadataPrefix'), 'arXiv');
    assert.equal(srv.requests[0]!.searchParams.get('set'), 'cs');
    assert.equal(srv.requests[6]!.searchParams.get('resumptionToken'), 'token|page2');
    assert.ok(net.waits.includes(7000), 'Retry-After of the 429 honoured');
    assert.ok(net.waits.includes(5000), 'Retry-After of the 503 honoured');
    assert.ok(net.waits.filter((w) => w >= 2900).length >= 6, 'politeness: about 3 s before every request after the first');
    const p = s.get('2506.00302')!;
    assert.deepEqual([p.title, p.authors[0], p.published, p.updated, p.doi], ['Early Exit Transformers', 'Kenji Sato Jr', '2025-06-18', '2025-06-19', '10.1000/example.302']);
    assert.equal(s.get('2506.00399'), undefined, 'deleted records are not stored');
    // The next harvest without --from starts where this one's list was taken.
    assert.equal(s.getMeta(`oai-last ${srv.url}/oai arXiv cs`), '2025-06-20');
  } finally {
    s.close();
    await srv.close();
  }
});

test('OAI-PMH: a harvest that fails mid-way resumes from the stored resumption token', async () => {
  let down = true;
  const srv = await oaiServer((_n, url) => (down && url.searchParams.get('resumptionToken') ? { status: 500, body: 'oops' } : undefined));
  const s = openStore();
  try {
    const net = testSources(srv.url, { retries: 1 });
    await assert.rejects(harvestOai(s, net.client, { baseUrl: `${srv.url}/oai`, set: 'cs', from: '2025-06-18' }), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_HARVEST_NETWORK');
    assert.equal(s.count(), 2, 'page 1 is stored');
    down = false;
    const before = srv.requests.length;
    const r = await harvestOai(s, testSources(srv.url).client, { baseUrl: `${srv.url}/oai`, set: 'cs', from: '2025-06-18' });
    assert.equal(r.resumedFrom, 'token|page2');
    assert.equal(srv.requests.length - before, 1, 'only page 2 is asked again');
    assert.equal(s.count(), 3);
  } finally {
    s.close();
    await srv.close();
  }
});

test('OAI-PMH protocol errors: badResumptionToken restarts the list once, noRecordsMatch is empty, badArgument stops', async () => {
  const srv = await oaiServer();
  const s = openStore();
  try {
    // A stale token in the checkpoint: the server refuses it, the list is asked again from its start.
    const key = `oai ${srv.url}/oai arXiv set=cs from=2025-06-18 until=`;
    s.putCheckpoint({ key, token: 'expired|token', harvested: 0, total: 3, done: null });
    const r = await harvestOai(s, testSources(srv.url).client, { baseUrl: `${srv.url}/oai`, set: 'cs', from: '2025-06-18' });
    assert.equal(r.complete, true);
    assert.equal(r.problems[0]!.code, 'W_OAI_TOKEN_EXPIRED');
    assert.equal(s.count(), 3);
    const none = await harvestOai(s, testSources(srv.url).client, { baseUrl: `${srv.url}/oai`, set: 'none', from: '2025-06-18' });
    assert.deepEqual([none.complete, none.read], [true, 0]);
    await assert.rejects(harvestOai(s, testSources(srv.url).client, { baseUrl: `${srv.url}/oai`, from: '2025-13-01' }), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_OAI_BADARGUMENT');
    // arXivRaw: the version history gives the latest version, v1's day and the latest day; the first DOI is kept.
    await harvestOai(s, testSources(srv.url).client, { baseUrl: `${srv.url}/oai`, format: 'arXivRaw', from: '2025-06-18' });
    const p = s.get('2506.00301')!;
    assert.deepEqual([p.version, p.published, p.updated, p.doi, p.title], [2, '2025-06-18', '2025-06-19', '10.1000/a.1', 'Speculative Decoding with Small Draft Models (revised)']);
  } finally {
    s.close();
    await srv.close();
  }
});

/** An arXiv API server: `perDay` results for every submission day, served `size` per page. */
async function apiServer(perDay: number, fault: (n: number) => Reply | undefined = () => undefined) {
  const page = fixtureText('api-page.xml');
  const entry = fixtureText('api-entry.xml');
  return fakeServer((url, n) => {
    const f = fault(n);
    if (f) return f;
    const q = url.searchParams.get('search_query') ?? '';
    const day = /submittedDate:\[(\d{8})0000/.exec(q)![1]!.slice(6);
    const start = Number(url.searchParams.get('start'));
    const max = Number(url.searchParams.get('max_results'));
    const entries = Array.from({ length: Math.max(0, Math.min(max, perDay - start)) }, (_, i) => {
      const k = start + i;
      return entry.replaceAll('{{ID}}', `2506.${day}${String(k).padStart(3, '0')}`).replaceAll('{{VERSION}}', '1').replaceAll('{{DAY}}', day).replaceAll('{{TITLE}}', `Paper ${k} of June ${day}`);
    });
    return { body: page.replace('{{TOTAL}}', String(perDay)).replace('{{START}}', String(start)).replace('{{ENTRIES}}', entries.join('\n')) };
  });
}

test('arXiv API: category and day range, paged, one request every 3 s, resumable', async () => {
  const srv = await apiServer(5);
  const s = openStore();
  try {
    const net = testSources(srv.url);
    const opts = { api: `${srv.url}/api/query`, categories: ['cs.CL', 'cs.LG'], from: '2025-06-19', until: '2025-06-20', pageSize: 2 };
    const partial = await harvestApi(s, net.client, { ...opts, maxPages: 2 });
    assert.equal(partial.complete, false);
    const r = await harvestApi(s, net.client, opts);
    assert.ok(r.resumedFrom, 'continues from the stored position');
    assert.equal(r.complete, true);
    assert.equal(s.count(), 10);
    const q = srv.requests[0]!.searchParams.get('search_query')!;
    assert.equal(q, '(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202506200000 TO 202506202359]', 'newest day first');
    assert.equal(srv.requests.length, 6, '3 pages a day, no page asked twice');
    assert.ok(net.waits.length >= 5 && net.waits.every((w) => w >= 2999), 'at most one request every 3 s');
    const p = s.get('2506.20001')!;
    assert.deepEqual([p.version, p.published, p.categories, p.comments], [1, '2025-06-20', ['cs.CL'], '5 pages, code at https://github.com/example/2506.20001']);
  } finally {
    s.close();
    await srv.close();
  }
});

test('arXiv API: a server that stays down stops the harvest with a resumable error', async () => {
  const srv = await apiServer(3, () => ({ status: 503, body: '' }));
  const s = openStore();
  try {
    await assert.rejects(harvestApi(s, testSources(srv.url, { retries: 2 }).client, { api: `${srv.url}/api/query`, categories: ['cs.CL'], from: '2025-06-20', until: '2025-06-20' }), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_HARVEST_NETWORK' && /run the same command again/.test(e.problems[0]!.hint!));
    assert.equal(srv.requests.length, 3);
    await assert.rejects(harvestApi(s, testSources(srv.url).client, { api: `${srv.url}/api/query`, categories: ['not a category'], from: '2025-06-20', until: '2025-06-20' }), PapershelfError);
  } finally {
    s.close();
    await srv.close();
  }
});

test('catalog papers no source gave are stored from the catalog, and replaced by a harvested record', async () => {
  const s = openStore();
  try {
    const ids = storeCatalogPapers(s, [{ arxiv: '2506.00104', title: 'KV Cache Quantization', authors: ['X'], date: '2025-06' }, { title: 'no arXiv id' }]);
    assert.deepEqual(ids, ['2506.00104']);
    assert.deepEqual([s.get('2506.00104')!.source, s.get('2506.00104')!.abstract], ['catalog', '']);
    await harvestFile(s, { file: fixture('papers.jsonl') });
    assert.equal(s.get('2506.00104')!.source, 'jsonl');
    assert.match(s.get('2506.00104')!.abstract, /key-value cache/);
  } finally {
    s.close();
  }
});
