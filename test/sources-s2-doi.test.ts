/** Semantic Scholar batches, DOI metadata (Crossref / doi.org), and where the sources are configured. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PapershelfError } from '../src/model/problems.js';
import { defaultCacheDir, loadSourcesConfig } from '../src/sources/config.js';
import { doiRequestUrl, fetchDois, parseDoiWork, plainText } from '../src/sources/doi.js';
import { fetchS2, parseS2Batch, venueName } from '../src/sources/s2.js';
import { ReplayServer, tempDir, testSources } from './sources-replay.js';

let server: ReplayServer;
before(async () => {
  server = await ReplayServer.start();
});
after(() => server.close());

test('Semantic Scholar: one POST per 500 ids, null answers are per-id errors, the API key is sent', async () => {
  const { sources } = testSources(server, { s2ApiKey: 'k-123' });
  const n = server.count('s2');
  const r = await fetchS2(sources.client, `${server.url}/s2/graph/v1`, ['ARXIV:2305.18290', 'DOI:10.18653/v1/N19-1423', 'ARXIV:2399.99999', 'DOI:10.1162/neco.1997.9.8.1735'], { apiKey: 'k-123' });
  assert.equal(server.count('s2') - n, 1);
  const last = server.log.at(-1)!;
  assert.equal(last.method, 'POST');
  assert.equal(last.apiKey, 'k-123');
  assert.match(last.url, /fields=paperId,externalIds,title,venue,publicationVenue,year,publicationDate,citationCount,tldr/);
  const dpo = r.get('ARXIV:2305.18290');
  assert.ok(dpo?.ok);
  assert.equal(dpo.value.venue, 'NeurIPS');
  assert.equal(dpo.value.venueYear, 2023);
  assert.equal(dpo.value.citationCount, 3712);
  assert.match(dpo.value.tldr!, /classification loss/);
  const bert = r.get('DOI:10.18653/v1/N19-1423');
  assert.ok(bert?.ok && bert.value.arxiv === '1810.04805' && bert.value.doi === '10.18653/v1/n19-1423' && bert.value.venue === 'NAACL');
  const lstm = r.get('DOI:10.1162/neco.1997.9.8.1735');
  assert.ok(lstm?.ok && lstm.value.venue === 'Neural Computation' && lstm.value.venueYear === undefined);
  const none = r.get('ARXIV:2399.99999')!;
  assert.ok(!none.ok && none.code === 'E_S2_NOT_FOUND');
  // 600 ids → 500 + 100.
  const m = server.count('s2');
  await fetchS2(sources.client, `${server.url}/s2/graph/v1`, Array.from({ length: 600 }, (_, i) => `ARXIV:2401.${String(i).padStart(5, '0')}`));
  assert.deepEqual(server.log.slice(m).map((l) => l.ids.length), [500, 100]);
});

test('Semantic Scholar: a 429 then a truncated answer are retried; a refused key is a clear per-id error', async () => {
  const { sources } = testSources(server);
  server.inject('s2', { kind: '429', retryAfter: '2' }, { kind: 'truncated' });
  const r = await fetchS2(sources.client, `${server.url}/s2/graph/v1`, ['ARXIV:2106.09685']);
  const lora = r.get('ARXIV:2106.09685');
  assert.ok(lora?.ok && lora.value.venue === 'ICLR' && lora.value.venueYear === 2022 && lora.value.year === 2021);
  server.inject('s2', { kind: 'status', status: 403, body: '{"message":"Forbidden"}' });
  const refused = (await fetchS2(sources.client, `${server.url}/s2/graph/v1`, ['ARXIV:2305.18290'], { apiKey: 'bad' })).get('ARXIV:2305.18290')!;
  assert.ok(!refused.ok && refused.code === 'E_SOURCE_UNAVAILABLE' && /HTTP 403/.test(refused.message) && /PAPERSHELF_S2_API_KEY/.test(refused.hint!));
  assert.throws(() => parseS2Batch('[{"title": 3}]', 1), /unexpected answer/);
  assert.throws(() => parseS2Batch('[]', 1), /answered 0 papers for 1 ids/);
  assert.throws(() => parseS2Batch('<html>', 1), /not JSON/);
});

test('venue names: well-known venues shortened, arXiv is no venue', () => {
  assert.equal(venueName('Neural Information Processing Systems'), 'NeurIPS');
  assert.equal(venueName('International Conference on Machine Learning'), 'ICML');
  assert.equal(venueName('arXiv.org'), undefined);
  assert.equal(venueName('ArXiv'), undefined);
  assert.equal(venueName('Nature'), 'Nature');
});

test('DOI registry: Crossref works, JATS markup removed, 404 is a per-DOI error', async () => {
  const { sources } = testSources(server);
  const r = await fetchDois(sources.client, `${server.url}/crossref`, ['10.1162/NECO.1997.9.8.1735', '10.1038/nature14539', '10.9999/nothing']);
  const lstm = r.get('10.1162/neco.1997.9.8.1735');
  assert.ok(lstm?.ok);
  assert.deepEqual(lstm.value.authors, ['Sepp Hochreiter', 'Jürgen Schmidhuber']);
  assert.equal(lstm.value.title, 'Long Short-Term Memory');
  assert.equal(lstm.value.date, '1997-11-01');
  assert.equal(lstm.value.venue, 'Neural Computation');
  assert.equal(lstm.value.url, 'https://doi.org/10.1162/neco.1997.9.8.1735');
  assert.match(lstm.value.abstract!, /^Learning to store information .* Hochreiter's \(1991\) analysis/);
  const nature = r.get('10.1038/nature14539');
  assert.ok(nature?.ok && nature.value.date === '2015-05-27', 'the earliest of online and print');
  const missing = r.get('10.9999/nothing')!;
  assert.ok(!missing.ok && missing.code === 'E_DOI_NOT_FOUND');
  assert.equal(plainText('Attention <i>is</i> all&#160;you need &amp; more <sub>2</sub> .'), 'Attention is all you need & more 2.');
  assert.equal(parseDoiWork(JSON.stringify({ DOI: '10.1/X', title: 'CSL title', author: [{ literal: 'The Team' }], issued: { 'date-parts': [[2020]] }, 'container-title': 'Proc. X' })).venue, 'Proc. X', 'bare CSL-JSON from doi.org');
  assert.throws(() => parseDoiWork('{"message":{"DOI":"10.1/x"}}'), /without a title/);
});

test('DOI requests: Crossref REST by default, content negotiation when the API is doi.org', () => {
  assert.deepEqual(doiRequestUrl('https://api.crossref.org', '10.1000/a b/c', 'me@example.org'), { url: 'https://api.crossref.org/works/10.1000/a%20b/c?mailto=me%40example.org', headers: { accept: 'application/json' } });
  assert.deepEqual(doiRequestUrl('https://doi.org', '10.1000/x'), { url: 'https://doi.org/10.1000/x', headers: { accept: 'application/vnd.citationstyles.csl+json' } });
});

test('configuration: defaults, config file, environment (which wins), and clear errors', () => {
  const home = tempDir();
  const none = loadSourcesConfig({}, home);
  assert.equal(none.arxivApi, 'https://export.arxiv.org/api/query');
  assert.equal(none.s2Api, 'https://api.semanticscholar.org/graph/v1');
  assert.equal(none.doiApi, 'https://api.crossref.org');
  assert.equal(none.cacheDir, defaultCacheDir({}, home));
  assert.match(none.userAgent, /^papershelf\/\d+\.\d+\.\d+ \(reading-list curation tool\)$/);
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, home, 'linux'), '/x/cache/papershelf');
  assert.equal(defaultCacheDir({}, '/home/u', 'linux'), '/home/u/.cache/papershelf');
  assert.equal(defaultCacheDir({}, '/Users/u', 'darwin'), '/Users/u/Library/Caches/papershelf');
  mkdirSync(join(home, '.config', 'papershelf'), { recursive: true });
  writeFileSync(join(home, '.config', 'papershelf', 'config.yaml'), 'arxiv_api: http://mirror.example/api/query/\ns2_api_key: from-file\nmailto: me@example.org\ncache_dir: ~/papers-cache\ncache_max_age_days: 3\n');
  const file = loadSourcesConfig({}, home);
  assert.equal(file.arxivApi, 'http://mirror.example/api/query', 'trailing slash dropped');
  assert.equal(file.s2ApiKey, 'from-file');
  assert.equal(file.cacheDir, join(home, 'papers-cache'));
  assert.equal(file.cacheMaxAgeDays, 3);
  assert.match(file.userAgent, /mailto:me@example\.org/);
  const env = loadSourcesConfig({ PAPERSHELF_ARXIV_API: 'http://127.0.0.1:9/q', PAPERSHELF_S2_API_KEY: 'from-env', PAPERSHELF_DOI_API: 'https://doi.org' }, home);
  assert.equal(env.arxivApi, 'http://127.0.0.1:9/q');
  assert.equal(env.s2ApiKey, 'from-env');
  assert.equal(env.doiApi, 'https://doi.org');
  assert.throws(() => loadSourcesConfig({ PAPERSHELF_S2_API: 'ftp://x' }, home), (e: PapershelfError) => e instanceof PapershelfError && /PAPERSHELF_S2_API must be an http\(s\) URL/.test(e.message));
  writeFileSync(join(home, '.config', 'papershelf', 'config.yaml'), 'arxiv_api: http://ok.example\narxiv_apii: typo\n');
  assert.throws(() => loadSourcesConfig({}, home), (e: PapershelfError) => e.problems[0]!.line === 2 && /unknown field "arxiv_apii"/.test(e.problems[0]!.message));
  assert.throws(() => loadSourcesConfig({ PAPERSHELF_CONFIG: join(home, 'nope.yaml') }, home), /does not exist/);
});
