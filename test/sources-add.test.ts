/** `papershelf add`: every ref form, exact facts, curation, suggestions, no duplicates, per-id errors, faults, resume. */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadCatalog } from '../src/catalog/load.js';
import { addPapers } from '../src/commands/add.js';
import { check } from '../src/commands/check.js';
import { CategoryIndex, paperText } from '../src/import/suggest.js';
import { PapershelfError } from '../src/model/problems.js';
import { FactsSchema } from '../src/sources/facts.js';
import { cli, ROOT, TAXONOMY, tree } from './helpers.js';
import { binAsync, ReplayServer, serverEnv, startBin, syntheticEntry, tempDir, testSources } from './sources-replay.js';

let server: ReplayServer;
before(async () => {
  server = await ReplayServer.start();
});
after(() => server.close());

const TAX = `${TAXONOMY}  - id: peft
    name: { en: Parameter-Efficient Fine-Tuning }
  - id: classics
    name: { en: Classics }
`.replace('tags:\n  - id: must-read\n    name: { en: Must read }\n', '') + 'tags:\n  - id: must-read\n    name: { en: Must read }\n';

function catalog(): string {
  return join(tree({ 'catalog/taxonomy.yaml': TAX }), 'catalog');
}

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

async function withEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const saved: NodeJS.ProcessEnv = {};
  for (const k of Object.keys(env)) {
    saved[k] = process.env[k];
    process.env[k] = env[k];
  }
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

test('add fills the exact facts from arXiv and Semantic Scholar, with the curation given', async () => {
  const dir = catalog();
  const { sources } = testSources(server);
  const r = await addPapers({ catalog: dir, refs: ['https://arxiv.org/abs/2305.18290v2'], categories: ['rlhf'], tags: ['must-read'], why: { en: 'RLHF without a reward model.', zh: '不用奖励模型的 RLHF。' }, today: '2026-02-01', sources });
  assert.deepEqual(r.failed, []);
  assert.equal(r.added.length, 1);
  assert.deepEqual({ ...r.added[0], file: undefined }, { ref: 'https://arxiv.org/abs/2305.18290v2', stem: '2305.18290', file: undefined, title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', date: '2023-05-29', version: 3, venue: 'NeurIPS 2023' });
  assert.equal(
    readFileSync(join(dir, 'papers', '2305.18290.yaml'), 'utf8'),
    `arxiv: "2305.18290"
title: "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
authors:
  - Rafael Rafailov
  - Archit Sharma
  - Eric Mitchell
  - Stefano Ermon
  - Christopher D. Manning
  - Chelsea Finn
date: 2023-05-29
venue: NeurIPS 2023
categories: [rlhf]
tags: [must-read]
added: 2026-02-01
why:
  en: RLHF without a reward model.
  zh: 不用奖励模型的 RLHF。
`,
  );
  // Fetched facts go to the store, one line per paper.
  const lines = readFileSync(join(dir, 'facts.jsonl'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 1);
  assert.ok(!existsSync(join(dir, 'facts')), 'no per-paper facts files');
  const facts = FactsSchema.parse(JSON.parse(lines[0]!));
  assert.equal(facts.arxiv?.version, 3);
  assert.equal(facts.arxiv?.updated, '2024-07-29');
  assert.equal(facts.s2?.citationCount, 3712);
  assert.match(facts.s2?.tldr ?? '', /classification loss/);
  assert.ok(facts.abstract);
  const c = check({ catalog: dir, outputs: false });
  assert.equal(c.errors, 0, JSON.stringify(c.problems));
});

test('add takes every form people paste: ids, versions, arXiv: prefix, abs/pdf/html links, old-style ids, DOIs', async () => {
  const dir = catalog();
  const { sources } = testSources(server);
  const n = server.log.length;
  const r = await addPapers({
    catalog: dir,
    refs: ['2106.09685', '1810.04805v2', 'arXiv:1706.03762', 'https://arxiv.org/pdf/2005.14165.pdf', 'https://arxiv.org/html/2302.13971v1', 'math.DG/0211159', 'https://doi.org/10.1162/neco.1997.9.8.1735'],
    categories: ['classics'],
    today: '2026-02-01',
    sources,
  });
  assert.deepEqual(r.failed, []);
  assert.deepEqual(files(join(dir, 'papers')), ['1706.03762.yaml', '1810.04805.yaml', '2005.14165.yaml', '2106.09685.yaml', '2302.13971.yaml', 'doi_10.1162_neco.1997.9.8.1735.yaml', 'math_0211159.yaml']);
  assert.equal(readFileSync(join(dir, 'facts.jsonl'), 'utf8').trim().split('\n').length, 7);
  const sent = server.log.slice(n);
  assert.deepEqual(sent.map((l) => l.source).sort(), ['arxiv', 'crossref', 's2'], 'one batch per source');
  const papers = new Map(loadCatalog(dir).papers.map((e) => [e.stem, e.data]));
  const lora = papers.get('2106.09685')!;
  assert.equal(lora.venue, 'ICLR 2022', 'the venue year from DBLP, not the preprint year');
  assert.equal(lora.date, '2021-06-17');
  assert.equal(lora.links?.code, 'https://github.com/microsoft/LoRA', 'code link found in the arXiv comment');
  assert.equal(papers.get('2005.14165')!.authors!.length, 31);
  assert.equal(papers.get('1810.04805')!.venue, 'NAACL 2019');
  assert.equal(papers.get('1810.04805')!.doi, '10.18653/v1/n19-1423', 'the published DOI, from Semantic Scholar');
  const perelman = papers.get('math_0211159')!;
  assert.deepEqual([perelman.arxiv, perelman.date, perelman.authors], ['math/0211159', '2002-11-11', ['Grisha Perelman']]);
  const lstm = papers.get('doi_10.1162_neco.1997.9.8.1735')!;
  assert.deepEqual(
    { doi: lstm.doi, url: lstm.url, title: lstm.title, authors: lstm.authors, date: lstm.date, venue: lstm.venue },
    { doi: '10.1162/neco.1997.9.8.1735', url: 'https://doi.org/10.1162/neco.1997.9.8.1735', title: 'Long Short-Term Memory', authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'], date: '1997-11-01', venue: 'Neural Computation 1997' },
  );
  assert.equal(check({ catalog: dir, outputs: false }).problems.filter((p) => p.code !== 'E_NO_REASON' && p.severity === 'error').length, 0);
});

test('a paper already there is left untouched, under any spelling of its id or through its DOI; never a duplicate', async () => {
  const dir = catalog();
  const { sources } = testSources(server);
  await addPapers({ catalog: dir, refs: ['1810.04805', '2305.18290'], categories: ['models'], sources });
  const before = readFileSync(join(dir, 'papers', '2305.18290.yaml'), 'utf8');
  const r = await addPapers({ catalog: dir, refs: ['arXiv:2305.18290v1', 'https://doi.org/10.18653/v1/N19-1423', '2305.14314', 'https://arxiv.org/abs/2305.14314v2', 'arXiv:2305.14314'], categories: ['rlhf'], tags: ['must-read'], sources });
  assert.deepEqual(r.present.map((p) => [p.ref, p.file.split('/').pop()]), [['arXiv:2305.18290v1', '2305.18290.yaml'], ['https://doi.org/10.18653/v1/N19-1423', '1810.04805.yaml']]);
  assert.deepEqual(r.added.map((a) => a.stem), ['2305.14314'], 'the same paper three times on one line is added once');
  assert.equal(readFileSync(join(dir, 'papers', '2305.18290.yaml'), 'utf8'), before, 'nothing updated');
  assert.deepEqual(files(join(dir, 'papers')), ['1810.04805.yaml', '2305.14314.yaml', '2305.18290.yaml']);
  // A DOI and the arXiv id of the same paper on one line: one entry.
  const other = catalog();
  const both = await addPapers({ catalog: other, refs: ['10.18653/v1/N19-1423', '1810.04805'], categories: ['models'], sources });
  assert.equal(both.added.length, 1);
  assert.match(both.warnings.join('\n'), /is the same paper as/);
});

test('each bad ref gets its own clear error; the good ones are still added, whole', async () => {
  const dir = catalog();
  const { sources } = testSources(server);
  const r = await addPapers({ catalog: dir, refs: ['2312.99999', 'not-a-ref', 'https://example.com/paper', '10.9999/none', '2402.01306'], categories: ['rlhf'], sources });
  assert.deepEqual(r.failed.map((f) => [f.ref, f.code]), [['not-a-ref', 'E_BAD_REF'], ['https://example.com/paper', 'E_BAD_REF'], ['2312.99999', 'E_ARXIV_NOT_FOUND'], ['10.9999/none', 'E_DOI_NOT_FOUND']]);
  assert.deepEqual(r.added.map((a) => a.stem), ['2402.01306']);
  assert.deepEqual(files(join(dir, 'papers')), ['2402.01306.yaml']);
  assert.ok(!readdirSync(dir, { recursive: true }).map(String).some((f) => f.endsWith('.tmp') || f.includes('journal')), 'no leftovers');
});

test('a record out of the schema\'s bounds (a 600-character title) is a per-paper error, not a half entry', async () => {
  const dir = catalog();
  const { sources } = testSources(server);
  server.entries.set('2312.00001', syntheticEntry('2312.00001').replace(/<title>[^<]*<\/title>/, `<title>${'Long '.repeat(120)}</title>`));
  try {
    const r = await addPapers({ catalog: dir, refs: ['2312.00001', '2305.18290'], categories: ['rlhf'], sources });
    assert.deepEqual(r.failed.map((f) => [f.ref, f.code]), [['2312.00001', 'E_SOURCE_DATA']]);
    assert.match(r.failed[0]!.message, /title: Too big/i);
    assert.deepEqual(files(join(dir, 'papers')), ['2305.18290.yaml']);
  } finally {
    server.entries.delete('2312.00001');
  }
});

test('an unknown category or tag is refused before anything is asked', async () => {
  const dir = catalog();
  const { sources } = testSources(server);
  const n = server.log.length;
  await assert.rejects(addPapers({ catalog: dir, refs: ['2305.18290'], categories: ['nope'], tags: ['also-nope'], sources }), (e: PapershelfError) => e.problems.map((p) => p.code).join() === 'E_UNKNOWN_CATEGORY,E_UNKNOWN_TAG' && /use one of: models, alignment, rlhf/.test(e.problems[0]!.hint!));
  assert.equal(server.log.length, n);
});

test('faults on the way (429, reset, slow, truncated, HTML, empty feed; S2 down) still give correct entries', async () => {
  const dir = catalog();
  const { sources } = testSources(server, { http: { timeoutMs: 1000, retries: 6 } });
  server.inject('arxiv', { kind: '429', retryAfter: '5' }, { kind: 'reset' }, { kind: 'slow', ms: 3000 }, { kind: 'truncated' }, { kind: 'html' }, { kind: 'empty' });
  server.inject('s2', { kind: '503' }, { kind: '503' }, { kind: '503' }, { kind: '503' }, { kind: '503' }, { kind: '503' }, { kind: '503' });
  const r = await addPapers({ catalog: dir, refs: ['2305.18290', '2106.09685'], categories: ['rlhf'], sources });
  assert.deepEqual(r.failed, []);
  assert.equal(r.added.length, 2);
  const dpo = loadCatalog(dir).papers.find((e) => e.stem === '2305.18290')!.data;
  assert.equal(dpo.title, 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model');
  assert.equal(dpo.venue, undefined, 'Semantic Scholar stayed down: no venue, and a warning');
  assert.match(r.warnings.join('\n'), /Semantic Scholar: 127\.0\.0\.1:\d+ answered HTTP 503 \(gave up after 7 attempts\)/);
  server.faults.s2.length = 0;
});

test('without --category: suggestions with how sure, nothing written; confirming makes no new request', async () => {
  const root = tempDir();
  cpSync(join(ROOT, 'catalog'), join(root, 'catalog'), { recursive: true });
  rmSync(join(root, 'catalog', 'papers', '2305.18290.yaml'));
  rmSync(join(root, 'catalog', 'papers', '2106.09685.yaml'));
  const dir = join(root, 'catalog');
  const env = serverEnv(server, join(root, 'cache'));
  const before = files(join(dir, 'papers'));
  const r = await withEnv(env, () => cli(['add', '2305.18290', 'https://arxiv.org/abs/2106.09685', '--catalog', dir]));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /2305\.18290 "Direct Preference Optimization: Your Language Model is Secretly a Reward Model": suggested categories rlhf \(0\.\d\d\), .* — fairly sure/);
  assert.match(r.out, /https:\/\/arxiv\.org\/abs\/2106\.09685 "LoRA: Low-Rank Adaptation of Large Language Models": suggested categories peft \(0\.\d\d\)/);
  assert.match(r.out, /nothing written for 2 paper\(s\) without --category: confirm with\n {2}papershelf add 2305\.18290 --category rlhf\n {2}papershelf add https:\/\/arxiv\.org\/abs\/2106\.09685 --category peft/);
  assert.deepEqual(files(join(dir, 'papers')), before);
  assert.ok(!existsSync(join(dir, 'facts.jsonl')));
  // Confirming one of them — another batch than the first run's — is answered from the per-id cache.
  const n = server.log.length;
  const ok = await withEnv(env, () => cli(['add', '2305.18290', '--catalog', dir, '--category', 'rlhf', '--why-en', 'Read it.']));
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /added .*2305\.18290\.yaml: "Direct Preference Optimization: Your Language Model is Secretly a Reward Model" \(v3, 2023-05-29, NeurIPS 2023\)/);
  assert.match(ok.out, /1 added, 0 already present, 0 awaiting a category, 0 failed \(0 request\(s\), 2 answered from the cache\)/);
  assert.equal(server.log.length, n, 'the answers of the first run were cached');
  const again = await withEnv(env, () => cli(['add', 'https://arxiv.org/pdf/2305.18290v3.pdf', '--catalog', dir, '--category', 'reasoning']));
  assert.match(again.out, /already in the catalog as .*2305\.18290\.yaml .*nothing updated/);
  const bad = await withEnv(env, () => cli(['add', '2312.99999', '--catalog', dir, '--category', 'rlhf']));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /error E_ARXIV_NOT_FOUND 2312\.99999: arXiv has no paper 2312\.99999\n {4}hint: check the id/);
});

test('category suggestions are good on the bundled catalog (leave-one-out) and their confidence is honest', () => {
  const cat = loadCatalog(join(ROOT, 'catalog'));
  let top1 = 0;
  let top3 = 0;
  let high = 0;
  let highRight = 0;
  const sample = cat.papers.filter((_, i) => i % 7 === 0);
  for (const e of sample) {
    const index = new CategoryIndex(cat.taxonomy, cat.papers.filter((x) => x !== e).map((x) => ({ categories: x.data.categories, text: paperText(x.data) })));
    const s = index.suggest(`${e.data.title} ${e.data.title} ${e.data.why?.en ?? ''}`);
    const right = e.data.categories.includes(s.categories[0]!.id);
    if (right) top1++;
    if (s.categories.some((c) => e.data.categories.includes(c.id))) top3++;
    if (s.confidence === 'high') {
      high++;
      if (right) highRight++;
    }
  }
  assert.ok(top1 / sample.length >= 0.75, `top-1 ${top1}/${sample.length}`);
  assert.ok(top3 / sample.length >= 0.9, `top-3 ${top3}/${sample.length}`);
  assert.ok(high > 0 && highRight / high >= 0.9, `"fairly sure" right ${highRight}/${high}`);
});

test('an interrupted add is resumed by running it again: finished look-ups are not repeated, no half entry', async () => {
  const root = tempDir();
  const dir = join(root, 'catalog');
  cpSync(join(catalog()), dir, { recursive: true });
  const env = serverEnv(server, join(root, 'cache'));
  const ids = Array.from({ length: 150 }, (_, i) => `2401.${String(10000 + i)}`);
  server.synthesize = true;
  try {
    // The second arXiv batch (after arXiv's 3 s) is slow: the process is killed while waiting for it.
    server.inject('arxiv', { kind: 'slow', ms: 0 }, { kind: 'slow', ms: 20_000 });
    const n = server.log.length;
    const run = startBin(['add', ...ids, '--catalog', dir, '--category', 'models'], env);
    const timer = setInterval(() => {
      if (server.log.slice(n).filter((l) => l.source === 'arxiv').length >= 2) run.child.kill('SIGKILL');
    }, 50);
    const killed = await run.result;
    clearInterval(timer);
    assert.notEqual(killed.code, 0);
    assert.deepEqual(files(join(dir, 'papers')), [], 'nothing half-written');
    server.faults.arxiv.length = 0;
    const m = server.log.length;
    const rerun = await binAsync(['add', ...ids, '--catalog', dir, '--category', 'models'], env);
    assert.equal(rerun.code, 0, rerun.err);
    const asked = server.log.slice(m);
    assert.deepEqual(asked.map((l) => `${l.source}:${l.ids.length}`), ['arxiv:50'], 'only the unfinished batch is asked again');
    assert.equal(files(join(dir, 'papers')).length, 150);
    const third = await binAsync(['add', ...ids, '--catalog', dir, '--category', 'models'], env);
    assert.match(third.out, /0 added, 150 already present/);
  } finally {
    server.synthesize = false;
  }
});
