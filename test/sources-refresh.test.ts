/** `papershelf refresh`: facts into catalog/facts.jsonl, the curated YAML untouched, only changes written, faults survived. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { refresh } from '../src/commands/refresh.js';
import { FactsSchema, readFacts, type Facts } from '../src/sources/facts.js';
import { paperYaml, TAXONOMY, tree } from './helpers.js';
import { binAsync, ReplayServer, serverEnv, tempDir, testSources } from './sources-replay.js';

let server: ReplayServer;
before(async () => {
  server = await ReplayServer.start();
});
after(() => server.close());

function catalog(): string {
  return join(
    tree({
      'catalog/taxonomy.yaml': TAXONOMY,
      'catalog/papers/2305.18290.yaml': paperYaml(),
      'catalog/papers/2106.09685.yaml': paperYaml({ arxiv: '"2106.09685"', title: '"LoRA: Low-Rank Adaptation of Large Language Models"', authors: '[Edward J. Hu]', date: '2021-06', categories: '[models]' }),
      'catalog/papers/doi_10.1162_neco.1997.9.8.1735.yaml': paperYaml({ arxiv: '', doi: '"10.1162/neco.1997.9.8.1735"', title: 'Long Short-Term Memory', authors: '[Sepp Hochreiter, Jürgen Schmidhuber]', date: '"1997"', categories: '[models]' }),
      'catalog/papers/radford2019language.yaml': paperYaml({ arxiv: '', id: 'radford2019language', url: 'https://openai.com/research/better-language-models', title: 'Language Models are Unsupervised Multitask Learners', date: '2019-02', categories: '[models]' }),
    }),
    'catalog',
  );
}

const store = (dir: string) => readFileSync(join(dir, 'facts.jsonl'), 'utf8');
const lineOf = (dir: string, stem: string) => store(dir).split('\n').find((l) => l.startsWith(`{"key":${JSON.stringify(stem)},`))!;
const facts = (dir: string, stem: string) => FactsSchema.parse(JSON.parse(lineOf(dir, stem)));
const yamls = (dir: string) => Object.fromEntries(readdirSync(join(dir, 'papers')).map((f) => [f, readFileSync(join(dir, 'papers', f), 'utf8')]));

test('refresh writes every paper\'s current facts apart from the YAML, then a re-run makes no request and no write', async () => {
  const dir = catalog();
  const cacheDir = tempDir();
  const before = yamls(dir);
  const { sources } = testSources(server, { cacheDir });
  const n = server.log.length;
  const r = await refresh({ catalog: dir, today: '2026-03-01', sources });
  assert.deepEqual(r.failed, []);
  assert.equal(r.papers, 3);
  assert.deepEqual(r.skipped.map((s) => s.reason), ['no arXiv id or DOI']);
  assert.deepEqual(r.changed.map((c) => c.stem).sort(), ['2106.09685', '2305.18290', 'doi_10.1162_neco.1997.9.8.1735']);
  assert.ok(r.changed.every((c) => c.what.join() === 'new facts'));
  assert.deepEqual(r.written.map((w) => w.split('/').pop()), ['facts.jsonl'], 'one file for all the papers\' facts');
  assert.deepEqual(server.log.slice(n).map((l) => `${l.source}:${l.ids.length}`).sort(), ['arxiv:2', 'crossref:1', 's2:3'], 'batched: one request per source');
  assert.deepEqual(yamls(dir), before, 'the curated entries are never touched');
  const dpo = facts(dir, '2305.18290');
  assert.deepEqual([dpo.arxiv?.version, dpo.s2?.venue, dpo.s2?.venueYear, dpo.s2?.citationCount, dpo.updated], [3, 'NeurIPS', 2023, 3712, '2026-03-01']);
  assert.deepEqual(facts(dir, '2106.09685').codeLinks, ['https://github.com/microsoft/LoRA']);
  const lstm = facts(dir, 'doi_10.1162_neco.1997.9.8.1735');
  assert.deepEqual([lstm.doi?.venue, lstm.s2?.citationCount, lstm.arxiv], ['Neural Computation', 90112, undefined]);
  assert.match(lstm.abstract!, /^Learning to store information/);
  const text = store(dir);
  assert.deepEqual(text.split('\n').map((l) => l.slice(0, 40)), ['{"key":"2106.09685","arxiv":{"id":"2106.', '{"key":"2305.18290","arxiv":{"id":"2305.', '{"key":"doi_10.1162_neco.1997.9.8.1735",', ''], 'one line per paper, sorted, keys in schema order');
  assert.deepEqual(readFacts(dir, '2305.18290'), dpo);
  assert.ok(!existsSync(join(dir, 'facts')), 'no per-paper files');

  const m = server.log.length;
  const again = await refresh({ catalog: dir, today: '2026-03-02', sources: testSources(server, { cacheDir }).sources });
  assert.equal(server.log.length, m, 'served from the cache');
  assert.deepEqual([again.changed.length, again.unchanged, again.requests, again.fromCache], [0, 3, 0, 6], '2 arXiv and 3 Semantic Scholar records, 1 DOI answer');
  assert.deepEqual(again.written, []);
  assert.equal(store(dir), text, 'unchanged facts are not rewritten (no new date)');
});

test('a new version shows up as a change; only that file is written', async () => {
  const dir = catalog();
  const cacheDir = tempDir();
  await refresh({ catalog: dir, today: '2026-03-01', sources: testSources(server, { cacheDir }).sources });
  const loraBefore = lineOf(dir, '2106.09685');
  server.newVersion('2305.18290', 4, '2026-02-20');
  try {
    const r = await refresh({ catalog: dir, today: '2026-03-05', sources: testSources(server, { cacheDir, http: { fresh: true } }).sources });
    assert.deepEqual(r.changed.map((c) => [c.stem, c.what]), [['2305.18290', ['v3 → v4']]]);
    assert.deepEqual(r.written.map((w) => w.split('/').pop()), ['facts.jsonl']);
    assert.deepEqual([facts(dir, '2305.18290').arxiv?.version, facts(dir, '2305.18290').arxiv?.updated, facts(dir, '2305.18290').updated], [4, '2026-02-20', '2026-03-05']);
    assert.equal(lineOf(dir, '2106.09685'), loraBefore, 'only the changed paper\'s line changes');
  } finally {
    server.newVersion('2305.18290', 3, '2024-07-29');
  }
});

test('a source that stays down keeps its previous facts and says so; faults on the way are survived', async () => {
  const dir = catalog();
  const cacheDir = tempDir();
  await refresh({ catalog: dir, today: '2026-03-01', sources: testSources(server, { cacheDir }).sources });
  server.inject('arxiv', { kind: '429', retryAfter: '4' }, { kind: 'reset' }, { kind: 'badutf8' });
  server.inject('s2', ...Array.from({ length: 5 }, () => ({ kind: '503' as const })));
  const { sources } = testSources(server, { cacheDir, http: { fresh: true } });
  const r = await refresh({ catalog: dir, today: '2026-03-09', sources });
  assert.deepEqual(r.failed, []);
  assert.match(r.warnings.join('\n'), /Semantic Scholar: .*HTTP 503 \(gave up after 5 attempts\) \(3 papers\)/);
  assert.equal(facts(dir, '2305.18290').s2?.citationCount, 3712, 'previous Semantic Scholar facts kept');
  assert.equal(r.changed.length, 0);
  assert.equal(server.faults.arxiv.length, 0);
});

test('refresh of chosen papers; an id not in the catalog, or arXiv not knowing it, is a per-paper error', async () => {
  const dir = join(tree({ 'catalog/taxonomy.yaml': TAXONOMY, 'catalog/papers/2305.18290.yaml': paperYaml(), 'catalog/papers/2312.99999.yaml': paperYaml({ arxiv: '"2312.99999"', title: 'Ghost', date: '2023-12-01' }) }), 'catalog');
  const { sources } = testSources(server);
  const r = await refresh({ catalog: dir, ids: ['arXiv:2305.18290v2', '1111.11111', '2312.99999'], today: '2026-03-01', sources });
  assert.deepEqual(r.failed.map((f) => [f.ref, f.code]), [['1111.11111', 'E_NOT_IN_CATALOG'], ['2312.99999', 'E_ARXIV_NOT_FOUND']]);
  assert.deepEqual(r.changed.map((c) => c.stem), ['2305.18290']);
});

test('refresh through the real executable', async () => {
  const dir = catalog();
  const env = serverEnv(server, tempDir());
  const r = await binAsync(['refresh', '--catalog', dir], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /updated 2305\.18290: new facts/);
  assert.match(r.out, /3 paper\(s\) looked up: facts of 3 paper\(s\) updated, 0 unchanged, 0 failed, 1 skipped \(no arXiv id or DOI\) \(3 request\(s\), 0 answered from the cache\)/);
  assert.equal(r.err, '', 'no progress line when stderr is not a terminal');
  const dry = await binAsync(['refresh', '--catalog', dir, '--fresh', '--dry-run', '--format', 'json'], env);
  assert.equal(JSON.parse(dry.out).unchanged, 3);
});

test('per-paper facts files of earlier versions are read, and refresh moves them into the store', async () => {
  const dir = catalog();
  const cacheDir = tempDir();
  await refresh({ catalog: dir, today: '2026-03-01', sources: testSources(server, { cacheDir }).sources });
  const dpo = facts(dir, '2305.18290');
  const lora = facts(dir, '2106.09685');
  // As an older papershelf (or `add`) left them: one newer than the store's line, one older, one broken.
  mkdirSync(join(dir, 'facts'));
  const newer: Facts = { ...dpo, s2: { ...dpo.s2!, citationCount: 1 }, updated: '2026-03-02' };
  // Per-paper files as earlier versions wrote them: the facts as indented JSON.
  writeFileSync(join(dir, 'facts', '2305.18290.json'), JSON.stringify(newer, null, 2) + '\n');
  writeFileSync(join(dir, 'facts', '2106.09685.json'), JSON.stringify({ ...lora, abstract: 'stale', updated: '2026-02-01' }, null, 2) + '\n');
  writeFileSync(join(dir, 'facts', 'doi_10.1162_neco.1997.9.8.1735.json'), '{"key": "doi_10');
  assert.equal(readFacts(dir, '2305.18290')?.s2?.citationCount, 1, 'the newer wins');
  assert.equal(readFacts(dir, '2106.09685')?.abstract, lora.abstract, 'the store wins over an older file');
  assert.equal(readFacts(dir, 'doi_10.1162_neco.1997.9.8.1735')?.key, 'doi_10.1162_neco.1997.9.8.1735', 'a broken file is ignored');

  const dry = await refresh({ catalog: dir, today: '2026-03-03', dryRun: true, sources: testSources(server, { cacheDir }).sources });
  assert.deepEqual(dry.written, []);
  assert.equal(readdirSync(join(dir, 'facts')).length, 3, 'a dry run moves nothing');
  const r = await refresh({ catalog: dir, today: '2026-03-03', sources: testSources(server, { cacheDir }).sources });
  assert.deepEqual([r.changed.map((c) => [c.stem, c.what.join()]), r.failed], [[['2305.18290', '1 → 3712 citations']], []]);
  assert.ok(!existsSync(join(dir, 'facts')), 'the per-paper files are gone');
  assert.equal(facts(dir, '2305.18290').s2?.citationCount, 3712);
  assert.equal(facts(dir, '2305.18290').updated, '2026-03-03');
  assert.equal(facts(dir, '2106.09685').updated, '2026-03-01');
});

test('a mangled store line (a merge conflict) costs that paper, not the store', async () => {
  const dir = catalog();
  const cacheDir = tempDir();
  await refresh({ catalog: dir, today: '2026-03-01', sources: testSources(server, { cacheDir }).sources });
  const lines = store(dir).split('\n');
  writeFileSync(join(dir, 'facts.jsonl'), ['<<<<<<< HEAD', lines[0], '=======', lines[1]!.slice(0, 50), '>>>>>>> other', lines[2], ''].join('\n'));
  assert.equal(readFacts(dir, '2305.18290'), undefined);
  assert.equal(readFacts(dir, '2106.09685')?.key, '2106.09685');
  const r = await refresh({ catalog: dir, today: '2026-03-02', sources: testSources(server, { cacheDir }).sources });
  assert.deepEqual([r.changed.map((c) => c.stem), r.unchanged], [['2305.18290'], 2]);
  assert.equal(store(dir).split('\n').length, 4, 'clean again: three lines');
});
