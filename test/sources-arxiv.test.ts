/** arXiv: the Atom parser, batched id_list look-ups, per-id errors, faults of the answer. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { arxivKey, fetchArxiv, FeedError, parseArxivFeed, searchArxiv } from '../src/sources/arxiv.js';
import { ReplayServer, ROOT, tempDir, testSources } from './sources-replay.js';

let server: ReplayServer;
before(async () => {
  server = await ReplayServer.start();
});
after(() => server.close());

const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/sources/arxiv-entries.xml'), 'utf8');
const api = () => `${server.url}/arxiv/api/query`;

test('parses an arXiv Atom feed: wrapped titles, every author, v1 date, latest version, categories, comment', () => {
  const feed = parseArxivFeed(FIXTURE);
  assert.equal(feed.entries.length, 36);
  assert.equal(feed.totalResults, 36);
  const zero = feed.entries.find((e) => e.id === '1910.02054')!;
  assert.equal(zero.title, 'ZeRO: Memory Optimizations Toward Training Trillion Parameter Models', 'line break in the title collapsed');
  const dpo = feed.entries.find((e) => e.id === '2305.18290')!;
  assert.equal(dpo.version, 3);
  assert.equal(dpo.published, '2023-05-29');
  assert.equal(dpo.updated, '2024-07-29');
  assert.deepEqual(dpo.authors, ['Rafael Rafailov', 'Archit Sharma', 'Eric Mitchell', 'Stefano Ermon', 'Christopher D. Manning', 'Chelsea Finn']);
  assert.equal(dpo.primaryCategory, 'cs.CL');
  assert.deepEqual(dpo.categories, ['cs.CL', 'cs.LG']);
  assert.equal(feed.entries.find((e) => e.id === '2005.14165')!.authors.length, 31);
  assert.equal(feed.entries.find((e) => e.id === '2106.09685')!.comment, 'Code: https://github.com/microsoft/LoRA');
  const old = feed.entries.find((e) => e.id === 'math/0211159')!;
  assert.equal(old.title, 'The entropy formula for the Ricci flow and its geometric applications');
});

test('parses DOI and journal reference, the "Error" entry, and refuses what is not an Atom feed', () => {
  const entry = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry><id>http://arxiv.org/abs/2202.12139v1</id><title>A &amp; B</title><published>2022-02-24T16:00:00Z</published><updated>2022-02-24T16:00:00Z</updated>
    <summary>x</summary><author><name>A. Person</name></author>
    <arxiv:doi>10.1109/ICSTW55395.2022.00035</arxiv:doi><arxiv:journal_ref>ICSTW 2022</arxiv:journal_ref></entry>
</feed>`;
  const e = parseArxivFeed(entry).entries[0]!;
  assert.equal(e.title, 'A & B');
  assert.equal(e.doi, '10.1109/ICSTW55395.2022.00035');
  assert.equal(e.journalRef, 'ICSTW 2022');
  const err = parseArxivFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id><title>Error</title><summary>incorrect id format for abc</summary><updated>2026-04-12T22:59:06Z</updated></entry></feed>`);
  assert.deepEqual(err, { entries: [], errors: [{ id: 'abc', message: 'incorrect id format for abc' }] });
  assert.throws(() => parseArxivFeed(FIXTURE.slice(0, FIXTURE.length / 2)), (x: Error) => x instanceof FeedError && /malformed XML/.test(x.message));
  assert.throws(() => parseArxivFeed('<!DOCTYPE html><html><head><title>Oops</title></head><body><p>down</body></html>'), /HTML page instead of an Atom feed \("Oops"\)/);
  assert.throws(() => parseArxivFeed('<rss><channel/></rss>'), /not an Atom feed/);
});

test('old-style ids match however their subject class is written', () => {
  assert.equal(arxivKey('math.DG/0211159'), 'math/0211159');
  assert.equal(arxivKey('hep-th/9901001'), 'hep-th/9901001');
  assert.equal(arxivKey('2305.18290'), '2305.18290');
});

test('batched id_list look-ups: every id answered, unknown ids reported per id', async () => {
  const { sources } = testSources(server);
  const known = ['2305.18290', '2106.09685', '1706.03762', '1810.04805', '2005.14165', '2302.13971', '2307.09288', '2306.00978', '2210.17323', '2309.02427', '2402.01306', 'math.DG/0211159'];
  const n = server.count('arxiv');
  const r = await fetchArxiv(sources.client, api(), [...known, '2399.99999', '2305.18290'], { batchSize: 5 });
  assert.equal(server.count('arxiv') - n, 3, '13 distinct ids in batches of 5');
  assert.equal(r.size, 13);
  for (const id of known) assert.ok(r.get(id)?.ok, id);
  const old = r.get('math.DG/0211159');
  assert.ok(old?.ok && old.value.id === 'math/0211159');
  const unknown = r.get('2399.99999')!;
  assert.ok(!unknown.ok && unknown.code === 'E_ARXIV_NOT_FOUND' && /arXiv has no paper 2399\.99999/.test(unknown.message));
  assert.ok(server.log.slice(n).every((l) => l.ids.length <= 5));
});

test('a malformed id spoils its batch (HTTP 400 "Error" feed): reported for that id, the others asked again', async () => {
  const { sources } = testSources(server);
  const n = server.count('arxiv');
  const r = await fetchArxiv(sources.client, api(), ['2305.18290', 'abc', '2106.09685']);
  assert.equal(server.count('arxiv') - n, 2);
  const bad = r.get('abc')!;
  assert.ok(!bad.ok && bad.code === 'E_ARXIV_BAD_ID' && /incorrect id format for abc/.test(bad.message));
  assert.ok(r.get('2305.18290')?.ok);
  assert.ok(r.get('2106.09685')?.ok);
});

test('faults of the answer — truncated XML, invalid UTF-8, an HTML page, an empty feed — end in correct data', async () => {
  const cacheDir = tempDir();
  const { sources } = testSources(server, { cacheDir });
  server.inject('arxiv', { kind: 'truncated' }, { kind: 'badutf8' }, { kind: 'html' }, { kind: 'empty' });
  const r = await fetchArxiv(sources.client, api(), ['2305.18290', '2106.09685']);
  assert.equal(server.faults.arxiv.length, 0, 'all four faults were served');
  const dpo = r.get('2305.18290');
  assert.ok(dpo?.ok && dpo.value.title === 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model');
  assert.ok(r.get('2106.09685')?.ok);
  // Only the good answer was cached: a re-run makes no request and gets the same data.
  const n = server.count('arxiv');
  const again = await fetchArxiv(testSources(server, { cacheDir }).sources.client, api(), ['2305.18290', '2106.09685']);
  assert.equal(server.count('arxiv'), n);
  assert.deepEqual([...again], [...r]);
});

test('a source that keeps failing gives each id a clear error, and nothing bad is cached', async () => {
  const cacheDir = tempDir();
  const { sources } = testSources(server, { cacheDir, http: { retries: 2 } });
  server.inject('arxiv', { kind: 'truncated' }, { kind: 'truncated' }, { kind: 'truncated' });
  const r = await fetchArxiv(sources.client, api(), ['2305.18290', '2106.09685']);
  for (const id of ['2305.18290', '2106.09685']) {
    const x = r.get(id)!;
    assert.ok(!x.ok && x.code === 'E_SOURCE_UNAVAILABLE' && /arXiv: arXiv sent malformed XML/.test(x.message), JSON.stringify(x));
  }
  assert.deepEqual(readdirSync(cacheDir), []);
  const later = await fetchArxiv(testSources(server, { cacheDir }).sources.client, api(), ['2305.18290', '2106.09685']);
  assert.ok(later.get('2305.18290')?.ok, 'the next run asks again and succeeds');
});

test('a wrong API address fails at once and says which setting to check', async () => {
  const { sources } = testSources(server);
  const r = await fetchArxiv(sources.client, `${server.url}/nope/api/query`, ['2305.18290']);
  const x = r.get('2305.18290')!;
  assert.ok(!x.ok && x.code === 'E_SOURCE_UNAVAILABLE' && /answered HTTP 404/.test(x.message), JSON.stringify(x));
  assert.match(x.hint!, /PAPERSHELF_ARXIV_API/);
  assert.equal(sources.client.stats.retries, 0, 'a 404 is not retried');
});

test('an empty feed for several ids is asked once more; a single unknown id is not', async () => {
  const { sources } = testSources(server);
  let n = server.count('arxiv');
  const r = await fetchArxiv(sources.client, api(), ['2399.99998', '2399.99999']);
  assert.equal(server.count('arxiv') - n, 2);
  assert.ok([...r.values()].every((x) => !x.ok && x.code === 'E_ARXIV_NOT_FOUND'));
  n = server.count('arxiv');
  await fetchArxiv(sources.client, api(), ['2399.99997']);
  assert.equal(server.count('arxiv') - n, 1);
});

test('search queries return a page of entries', async () => {
  const { sources } = testSources(server);
  const feed = await searchArxiv(sources.client, api(), 'ti:"low-rank"', { max: 10 });
  assert.deepEqual(feed.entries.map((e) => e.id).sort(), ['2106.09685', '2309.14717', '2402.09353']);
});

test('every id answered becomes a record (null for an unknown one), so a batch is not cached whole and no id is asked twice', async () => {
  const cacheDir = tempDir();
  const { sources } = testSources(server, { cacheDir });
  await fetchArxiv(sources.client, api(), ['2305.18290', '2106.09685']);
  const files = () => readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  assert.deepEqual(files(), [], 'the records answer for both ids');
  await fetchArxiv(sources.client, api(), ['1706.03762', '2399.99999']);
  await fetchArxiv(sources.client, api(), ['2305.18290', 'abc']);
  assert.equal(files().length, 1, 'only the answer that reports a malformed id');
  const n = server.count('arxiv');
  const again = await fetchArxiv(testSources(server, { cacheDir }).sources.client, api(), ['2305.18290', '2106.09685', '1706.03762', '2399.99999']);
  assert.equal(server.count('arxiv'), n, 'no request: three entries and an unknown id from the records');
  assert.ok(again.get('1706.03762')?.ok);
  assert.equal((again.get('2399.99999') as { code: string }).code, 'E_ARXIV_NOT_FOUND');
  const fresh = await fetchArxiv(testSources(server, { cacheDir, http: { fresh: true } }).sources.client, api(), ['2399.99999']);
  assert.equal(server.count('arxiv'), n + 1, '--fresh asks again');
  assert.equal((fresh.get('2399.99999') as { code: string }).code, 'E_ARXIV_NOT_FOUND');
});
