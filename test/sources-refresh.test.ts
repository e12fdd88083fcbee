/** `papershelf refresh`: facts into catalog/facts/, the curated YAML untouched, only changes written, faults survived. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { refresh } from '../src/commands/refresh.js';
import { FactsSchema } from '../src/sources/facts.js';
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

const facts = (dir: string, stem: string) => FactsSchema.parse(JSON.parse(readFileSync(join(dir, 'facts', `${stem}.json`), 'utf8')));
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
  assert.ok(r.changed.every((c) => c.what.join() === 'new facts file'));
  assert.deepEqual(server.log.slice(n).map((l) => `${l.source}:${l.ids.length}`).sort(), ['arxiv:2', 'crossref:1', 's2:3'], 'batched: one request per source');
  assert.deepEqual(yamls(dir), before, 'the curated entries are never touched');
  const dpo = facts(dir, '2305.18290');
  assert.deepEqual([dpo.arxiv?.version, dpo.s2?.venue, dpo.s2?.venueYear, dpo.s2?.citationCount, dpo.updated], [3, 'NeurIPS', 2023, 3712, '2026-03-01']);
  assert.deepEqual(facts(dir, '2106.09685').codeLinks, ['https://github.com/microsoft/LoRA']);
  const lstm = facts(dir, 'doi_10.1162_neco.1997.9.8.1735');
  assert.deepEqual([lstm.doi?.venue, lstm.s2?.citationCount, lstm.arxiv], ['Neural Computation', 90112, undefined]);
  assert.match(lstm.abstract!, /^Learning to store information/);
  const text = readFileSync(join(dir, 'facts', '2305.18290.json'), 'utf8');
  assert.ok(text.startsWith('{\n  "key": "2305.18290",\n  "arxiv": {'), 'stable, readable JSON');

  const m = server.log.length;
  const again = await refresh({ catalog: dir, today: '2026-03-02', sources: testSources(server, { cacheDir }).sources });
  assert.equal(server.log.length, m, 'served from the cache');
  assert.deepEqual([again.changed.length, again.unchanged, again.requests, again.fromCache], [0, 3, 0, 6], '2 arXiv and 3 Semantic Scholar records, 1 DOI answer');
  assert.equal(readFileSync(join(dir, 'facts', '2305.18290.json'), 'utf8'), text, 'unchanged facts are not rewritten (no new date)');
});

test('a new version shows up as a change; only that file is written', async () => {
  const dir = catalog();
  const cacheDir = tempDir();
  await refresh({ catalog: dir, today: '2026-03-01', sources: testSources(server, { cacheDir }).sources });
  const loraBefore = readFileSync(join(dir, 'facts', '2106.09685.json'), 'utf8');
  server.newVersion('2305.18290', 4, '2026-02-20');
  try {
    const r = await refresh({ catalog: dir, today: '2026-03-05', sources: testSources(server, { cacheDir, http: { fresh: true } }).sources });
    assert.deepEqual(r.changed.map((c) => [c.stem, c.what]), [['2305.18290', ['v3 → v4']]]);
    assert.deepEqual(r.written.map((w) => w.split('/').pop()), ['2305.18290.json']);
    assert.deepEqual([facts(dir, '2305.18290').arxiv?.version, facts(dir, '2305.18290').arxiv?.updated, facts(dir, '2305.18290').updated], [4, '2026-02-20', '2026-03-05']);
    assert.equal(readFileSync(join(dir, 'facts', '2106.09685.json'), 'utf8'), loraBefore);
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
  assert.match(r.out, /updated .*facts\/2305\.18290\.json: new facts file/);
  assert.match(r.out, /3 paper\(s\) looked up: 3 facts file\(s\) updated, 0 unchanged, 0 failed, 1 skipped \(no arXiv id or DOI\) \(3 request\(s\), 0 answered from the cache\)/);
  assert.equal(r.err, '', 'no progress line when stderr is not a terminal');
  const dry = await binAsync(['refresh', '--catalog', dir, '--fresh', '--dry-run', '--format', 'json'], env);
  assert.equal(JSON.parse(dry.out).unchanged, 3);
});
