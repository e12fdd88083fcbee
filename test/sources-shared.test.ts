/**
 * Acceptance tests on the real recorded material in ../shared (skipped when it is absent): arXiv API answers and
 * Semantic Scholar exchanges recorded by client libraries' test suites, Semantic Scholar's BibTeX, the seed list.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkRemote } from '../src/commands/check.js';
import { importFile, importList } from '../src/commands/import.js';
import { importBibtex } from '../src/import/bibtex.js';
import { fetchArxiv, parseArxivFeed } from '../src/sources/arxiv.js';
import { parseS2Batch } from '../src/sources/s2.js';
import { SHARED } from './helpers.js';
import { ReplayServer, tempDir, testSources } from './sources-replay.js';

const ARXIV = join(SHARED, 'fixtures', 'arxiv-api', 'arxiv.py-fixtures-2026');
const S2 = join(SHARED, 'fixtures', 'semantic-scholar', 'danielnsilva__semanticscholar');
const BIB = join(SHARED, 'fixtures', 'bibtex', 'semantic-scholar__citationStyles__from-danielnsilva-fixtures.bib');
const SEED = join(SHARED, 'seed', 'reading-list.md');
const skip = !existsSync(ARXIV) && 'needs ../shared';

test('every recorded arXiv answer parses; errors, old ids, versions, DOIs and journal references come out right', { skip }, () => {
  const xml = (name: string) => readFileSync(join(ARXIV, 'xml', readdirSync(join(ARXIV, 'xml')).find((f) => f.startsWith(name))!), 'utf8');
  for (const f of readdirSync(join(ARXIV, 'xml'))) {
    const text = readFileSync(join(ARXIV, 'xml', f), 'utf8');
    const feed = parseArxivFeed(text);
    assert.equal(feed.entries.length + feed.errors.length, (text.match(/<entry>/g) ?? []).length, f);
    assert.equal(feed.entries.filter((e) => e.doi).length, (text.match(/<arxiv:doi>/g) ?? []).length, f);
    assert.equal(feed.entries.filter((e) => e.journalRef).length, (text.match(/<arxiv:journal_ref>/g) ?? []).length, f);
    for (const e of feed.entries) assert.match(e.published, /^\d{4}-\d{2}-\d{2}$/, f);
  }
  assert.deepEqual(parseArxivFeed(xml('id_abc_')).errors, [{ id: 'abc', message: 'incorrect id format for abc' }]);
  assert.equal(parseArxivFeed(xml('id_0000.0000_')).entries.length, 0);
  const astro = parseArxivFeed(xml('id_astro-ph_0601001_')).entries[0]!;
  assert.deepEqual([astro.id, astro.version, astro.published, astro.authors.length, astro.journalRef], ['astro-ph/0601001', 1, '2006-01-02', 4, 'ActaAstron.56:1-50,2006']);
  const zero = parseArxivFeed(xml('id_2104.12255v1_')).entries[0]!;
  assert.equal(zero.title, '0', 'a title that looks like a number stays text');
});

test('the recorded arXiv exchanges, replayed: a malformed id, an unknown id dropped from a batch, an empty result', { skip }, async () => {
  const recorded = new Map<string, { status: number; body: string }>();
  for (const f of readdirSync(ARXIV).filter((x) => x.startsWith('id_') && x.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(ARXIV, f), 'utf8')) as { url: string; status_code: number; body: string };
    recorded.set(new URL(r.url).searchParams.get('id_list')!, { status: r.status_code, body: r.body });
  }
  const server: Server = createServer((req, res) => {
    const rec = recorded.get(new URL(req.url!, 'http://x').searchParams.get('id_list')!);
    if (!rec) return void res.writeHead(404).end();
    res.writeHead(rec.status, { 'content-type': 'application/atom+xml' }).end(rec.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { sources } = testSources({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } as ReplayServer);
    const api = sources.config.arxivApi.replace('/arxiv/api/query', '/api/query');
    const a = await fetchArxiv(sources.client, api, ['abc']);
    assert.ok(!a.get('abc')!.ok && (a.get('abc') as { code: string }).code === 'E_ARXIV_BAD_ID');
    const b = await fetchArxiv(sources.client, api, ['0808.05394', '1707.08567']);
    assert.ok(b.get('1707.08567')!.ok);
    assert.equal((b.get('0808.05394') as { code: string }).code, 'E_ARXIV_NOT_FOUND');
    const c = await fetchArxiv(sources.client, api, ['0000.0000']);
    assert.equal((c.get('0000.0000') as { code: string }).code, 'E_ARXIV_NOT_FOUND');
    const d = await fetchArxiv(sources.client, api, ['astro-ph/0601001']);
    assert.ok(d.get('astro-ph/0601001')!.ok);
  } finally {
    server.close();
  }
});

test('recorded Semantic Scholar answers parse: nulls for unknown ids, venue, DOI, TL;DR', { skip }, () => {
  const cassette = JSON.parse(readFileSync(join(S2, 'responses', 'test_get_papers_return_not_found.json'), 'utf8')) as { interactions: { request: { body: { ids: string[] } }; response: { body: unknown[] } }[] };
  const it = cassette.interactions[0]!;
  const papers = parseS2Batch(JSON.stringify(it.response.body), it.request.body.ids.length);
  assert.equal(papers[0], null);
  assert.equal(papers[1]!.doi, '10.2139/ssrn.288970');
  assert.ok(papers.slice(1).every((p) => p && p.paperId && p.title));
  const turing = parseS2Batch(`[${readFileSync(join(S2, 'model-json', 'Paper.json'), 'utf8')}]`, 1)[0]!;
  assert.deepEqual([turing.doi, turing.venue, turing.year, turing.publicationDate], ['10.1093/mind/lix.236.433', 'The Philosophy of Artificial Intelligence', 1950, '1950-10-01']);
  assert.match(turing.tldr!, /Can machines think/);
  const minimal = JSON.parse(readFileSync(join(S2, 'responses', 'test_get_papers.json'), 'utf8')) as { interactions: { response: { body: unknown[] } }[] };
  assert.equal(parseS2Batch(JSON.stringify(minimal.interactions[0]!.response.body), 3).length, 3, 'answers with only some fields');
});

test('Semantic Scholar\'s BibTeX (1,012 entries, 174 arXiv preprints) imports whole, arXiv ones in two batches', { skip }, async () => {
  const parsed = importBibtex(readFileSync(BIB, 'utf8'));
  assert.equal(parsed.entries.length + parsed.unused.length, 1012);
  assert.equal(parsed.entries.filter((e) => e.arxiv).length, 174);
  assert.ok(parsed.unused.length <= 1, JSON.stringify(parsed.unused));
  assert.ok(parsed.entries.every((e) => e.title), 'every entry has its title');
  const server = await ReplayServer.start();
  server.synthesize = true;
  try {
    const dir = join(tempDir(), 'catalog');
    const { sources } = testSources(server);
    const r = await importFile({ catalog: dir, file: BIB, today: '2026-02-01', sources });
    assert.deepEqual(server.log.map((l) => `${l.source}:${l.ids.length}`), ['arxiv:100', 'arxiv:74']);
    assert.deepEqual(r.failed ?? [], []);
    assert.ok(r.added.length > 950, `${r.added.length} added`);
  } finally {
    await server.close();
  }
});

test('check --remote on the real seed flags its known errors (against this project\'s fixtures for its papers)', { skip: !existsSync(SEED) && 'needs ../shared' }, async () => {
  const dir = join(tempDir(), 'catalog');
  importList({ catalog: dir, file: SEED, today: '2026-01-01' });
  const server = await ReplayServer.start();
  try {
    const r = await checkRemote({ catalog: dir, outputs: false, sources: testSources(server).sources });
    const got = (code: string) => r.problems.filter((p) => p.code === code).map((p) => p.file!.split('/').pop()!).sort();
    assert.deepEqual(got('E_REMOTE_NOT_FOUND'), [], 'every seed id is known');
    assert.deepEqual(got('E_REMOTE_WRONG_ID'), ['2203.02155-2.yaml'], 'Flan carries InstructGPT\'s id');
    assert.ok(got('E_REMOTE_DATE').includes('2306.00978.yaml'), 'AWQ dated October 2023');
    assert.ok(got('E_REMOTE_DATE').includes('2404.11584.yaml'), 'the agent survey dated February 2024');
    assert.ok(got('E_REMOTE_TITLE').includes('2106.09685.yaml'), '"LORA: … LANGUAGE MODEL" lost its s');
    assert.ok(got('E_REMOTE_TITLE').includes('2307.09288.yaml'), 'Llama 2 linked by a bare URL, titled after its heading');
    assert.ok(got('E_REMOTE_DATE').includes('2203.02155.yaml'), 'InstructGPT dated February 2022, first version 4 March');
    assert.ok(got('W_REMOTE_TITLE').length >= 5, 'titles typed in capitals');
  } finally {
    await server.close();
  }
});
