/** Discovery on the real material in ../shared (recorded arXiv answers, the snapshot sample, daily digests); skipped when absent. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discover } from '../src/commands/discover.js';
import { BUNDLED_CATALOG } from '../src/commands/context.js';
import { fromArxivEntry } from '../src/harvest/api.js';
import { harvestFile } from '../src/harvest/jsonl.js';
import { harvestOai } from '../src/harvest/oai.js';
import { PapershelfError } from '../src/model/problems.js';
import { parseArxivFeed } from '../src/sources/arxiv.js';
import { Store } from '../src/store/store.js';
import { fakeServer, testSources } from './discover-helpers.js';
import { SHARED, tempDir } from './helpers.js';

const OAI = join(SHARED, 'fixtures', 'arxiv-oai-pmh');
const skip = !existsSync(OAI) && 'needs ../shared';
const oai = (f: string) => readFileSync(join(OAI, f), 'utf8');

test('real OAI-PMH answers: arXiv and arXivRaw records, a resumption token, and arXiv\'s own protocol errors', { skip }, async () => {
  const raw = 'mikesaelim__arXivOAIHarvester/';
  const srv = await fakeServer((url) => {
    if (url.searchParams.get('resumptionToken')) return { body: oai(`${raw}ErrorResponseBadResumptionToken.xml`) };
    if (url.searchParams.get('set') === 'moo') return { body: oai(`${raw}ErrorResponseNoRecordsMatch.xml`) };
    if (url.searchParams.get('set') === 'bad') return { body: oai(`${raw}ErrorResponseBadArgument.xml`) };
    if (url.searchParams.get('metadataPrefix') === 'arXiv') return { body: oai('inspirehep__hepcrawl__ListRecords_arXiv_set-physics-hep-th_2017-12-14.xml') };
    return { body: oai(`${raw}ListRecordsResponse.xml`) };
  });
  const s = Store.open(join(tempDir(), 's.sqlite'));
  try {
    const base = { baseUrl: `${srv.url}/oai`, from: '2014-10-01' };
    const a = await harvestOai(s, testSources(srv.url).client, { ...base, set: 'physics:hep-th' });
    assert.deepEqual([a.inserted, a.complete], [3, true]);
    assert.deepEqual(s.get('1412.8323')!.authors, ['Philipp A Hoehn']);
    // arXivRaw: page 1 carries token 726959|1001; the recorded server answers it with badResumptionToken. The list is
    // asked again once (6 papers, not duplicated), then the second refusal stops the harvest.
    await assert.rejects(harvestOai(s, testSources(srv.url).client, { ...base, format: 'arXivRaw' }), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_OAI_BADRESUMPTIONTOKEN');
    assert.equal(s.count(), 3 + 6);
    const p = s.get('0704.0874')!;
    assert.deepEqual([p.version, p.published, p.updated, p.categories], [3, '2007-04-06', '2014-11-20', ['math.AG']]);
    assert.deepEqual(s.get('0704.0471')!.authors, ['D.V. Shetty', 'S.J. Yennello', 'G.A. Souliotis']);
    const none = await harvestOai(s, testSources(srv.url).client, { ...base, set: 'moo' });
    assert.deepEqual([none.read, none.complete], [0, true]);
    await assert.rejects(harvestOai(s, testSources(srv.url).client, { ...base, set: 'bad' }), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_OAI_BADARGUMENT');
  } finally {
    s.close();
    await srv.close();
  }
});

test('the real snapshot sample and the real daily digests import completely; old-style ids from the real API', { skip }, async () => {
  const s = Store.open(join(tempDir(), 's.sqlite'));
  try {
    const snap = join(SHARED, 'fixtures', 'arxiv-kaggle-snapshot', 'wanng-ide__arxivSpider_mnbvc__arxiv-metadata-oai-snapshot.sample.jsonl');
    const r = await harvestFile(s, { file: snap });
    assert.deepEqual([r.read, r.inserted, r.refused], [200, 200, 0]);
    const p = s.get('0704.0001')!;
    assert.deepEqual([p.authors[0], p.version, p.published, p.source], ['C. Balázs', 2, '2007-04-02', 'snapshot']);
    const daily = join(SHARED, 'corpora', 'daily-arxiv-samples');
    let read = 0;
    for (const f of readdirSync(daily).sort()) {
      const d = await harvestFile(s, { file: join(daily, f) });
      assert.equal(d.refused, 0, f);
      read += d.read;
    }
    assert.ok(s.count() > 200 + 5000 && s.count() < 200 + read, 'duplicates within a day are stored once');
    const xml = readFileSync(join(SHARED, 'fixtures', 'arxiv-api', 'arxiv.py-fixtures-2026', 'xml', 'id_astro-ph_0601001_s0_m100_3150dca9dc76.xml'), 'utf8');
    const e = fromArxivEntry(parseArxivFeed(xml).entries[0]!);
    assert.ok(e.ok);
    assert.equal(e.paper.id, 'astro-ph/0601001');
  } finally {
    s.close();
  }
});

test('the bundled catalog ranks a week of real papers: on-topic titles come first in their category', { skip }, async () => {
  const store = join(tempDir(), 's.sqlite');
  const s = Store.open(store);
  const daily = join(SHARED, 'corpora', 'daily-arxiv-samples');
  for (const f of readdirSync(daily).sort()) await harvestFile(s, { file: join(daily, f) });
  s.close();
  const r = await discover({ catalog: BUNDLED_CATALOG, store, top: 10 });
  assert.ok(r.categories.filter((c) => c.trained).length >= 20);
  const titles = (id: string) => r.byCategory.find((c) => c.id === id)!.suggestions.map((x) => x.title);
  const hits = (id: string, re: RegExp) => titles(id).filter((t) => re.test(t)).length;
  assert.ok(hits('quantization', /quantiz/i) >= 5, titles('quantization').join('\n'));
  assert.ok(hits('rag', /retriev|\bRAG\b/i) >= 5, titles('rag').join('\n'));
  assert.ok(hits('moe', /expert|\bMoE\b/i) >= 3, titles('moe').join('\n'));
  for (const x of r.overall) assert.ok(x.terms.length > 0 && x.closest.length > 0, x.id);
});
