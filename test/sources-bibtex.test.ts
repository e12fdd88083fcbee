/** BibTeX import: the exporters' layouts, LaTeX, missing commas, duplicate keys; arXiv entries completed from arXiv. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadCatalog } from '../src/catalog/load.js';
import { importFile } from '../src/commands/import.js';
import { importBibtex } from '../src/import/bibtex.js';
import { cli, FIXTURES, paperYaml, TAXONOMY, tree } from './helpers.js';
import { ReplayServer, serverEnv, tempDir, testSources } from './sources-replay.js';

let server: ReplayServer;
before(async () => {
  server = await ReplayServer.start();
});
after(() => server.close());

const BIB = join(FIXTURES, 'sources', 'refs.bib');

test('reads BibTeX as Zotero, Google Scholar, arXiv and Semantic Scholar export it', () => {
  const r = importBibtex(readFileSync(BIB, 'utf8'));
  const by = new Map(r.entries.map((e) => [e.key + '@' + e.line, e]));
  assert.deepEqual(r.entries.map((e) => [e.key, e.arxiv ?? e.doi ?? '-']), [
    ['rafailov_direct_2023', '2305.18290'],
    ['hu2021lora', '2106.09685'],
    ['vaswani2023attention', '1706.03762'],
    ['Devlin2019BERTPO', '1810.04805'],
    ['hochreiter1997long', '10.1162/neco.1997.9.8.1735'],
    ['erdos1960evolution', '-'],
    ['hu2021lora', '2305.14314'],
    ['dpo-again', '2305.18290'],
  ]);
  const zotero = r.entries[0]!;
  assert.equal(zotero.title, 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', 'case-protecting braces removed');
  assert.equal(zotero.date, '2023-12');
  assert.equal(zotero.line, 4);
  assert.deepEqual(r.entries[1]!.authors.slice(0, 2), ['Edward J Hu', 'Yelong Shen']);
  assert.equal(r.entries[1]!.etAl, true, '"and others"');
  assert.equal(r.entries[1]!.venue, undefined, 'an arXiv preprint has no venue');
  const lstm = r.entries[4]!;
  assert.deepEqual(lstm.authors, ['Sepp Hochreiter', 'Jürgen Schmidhuber'], 'LaTeX accents');
  assert.equal(lstm.venue, 'Neural Computation');
  assert.equal(lstm.date, '1997-11');
  const erdos = r.entries[5]!;
  assert.deepEqual(erdos.authors, ['Paul Erdős', 'Alfréd Rényi']);
  assert.equal(erdos.url, 'https://www.renyi.hu/~p_erdos/1960-10.pdf');
  assert.equal(r.entries[6]!.title, 'QLoRA: Efficient Finetuning of Quantized LLMs', 'commands (\\emph) dropped to text');
  assert.equal(r.entries[3]!.venue, 'North American Chapter of the Association for Computational Linguistics');
  assert.ok(by.size === 8);
  assert.deepEqual(r.warnings.map((w) => `${w.line}: ${w.message}`), ['51: missing comma before "journal": read as if it were there', '71: citation key "hu2021lora" is used twice (first at line 19)']);
  assert.equal(r.unused.length, 1);
  assert.match(r.unused[0]!.reason, /^unreadable BibTeX/);
  assert.equal(r.unused[0]!.line, 89);
});

test('import refs.bib: arXiv entries completed from arXiv, the others from the BibTeX; curation never overwritten', async () => {
  const dir = join(tree({ 'catalog/taxonomy.yaml': TAXONOMY, 'catalog/papers/1810.04805.yaml': paperYaml({ arxiv: '"1810.04805"', title: '"BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"', authors: '', date: '', categories: '[models]' }) }), 'catalog');
  const before = readFileSync(join(dir, 'papers', '1810.04805.yaml'), 'utf8');
  const { sources } = testSources(server, { cacheDir: tempDir() });
  const n = server.log.length;
  const r = await importFile({ catalog: dir, file: BIB, today: '2026-02-01', sources });
  assert.deepEqual(server.log.slice(n).map((l) => `${l.source}:${l.ids.length}`), ['arxiv:5'], 'one batch for the arXiv entries, nothing else');
  assert.deepEqual(r.failed ?? [], []);
  assert.deepEqual(r.added.sort(), ['papers/1706.03762', 'papers/2106.09685', 'papers/2305.14314', 'papers/2305.18290', 'papers/doi_10.1162_neco.1997.9.8.1735', 'papers/erdos1960evolution']);
  assert.deepEqual(r.updated, ['papers/1810.04805']);
  assert.deepEqual(r.categoriesAdded, ['uncategorized']);
  assert.match(r.warnings.map((w) => w.message).join('\n'), /the same paper as the entry at line 4: imported once/);
  const papers = new Map(loadCatalog(dir).papers.map((e) => [e.stem, e.data]));
  const lora = papers.get('2106.09685')!;
  assert.equal(lora.title, 'LoRA: Low-Rank Adaptation of Large Language Models', 'arXiv\'s exact title, not Google Scholar\'s lower case');
  assert.equal(lora.date, '2021-06-17', 'the v1 date');
  assert.equal(lora.authors!.length, 8);
  assert.equal(lora.et_al, undefined, 'arXiv has the whole list');
  assert.equal(papers.get('1706.03762')!.date, '2017-06-12', 'arXiv\'s v1 date, not the year of the BibTeX entry');
  assert.equal(papers.get('2305.14314')!.venue, 'NeurIPS 2023', 'venue from the BibTeX, shortened');
  const lstm = papers.get('doi_10.1162_neco.1997.9.8.1735')!;
  assert.deepEqual([lstm.title, lstm.date, lstm.venue, lstm.url], ['Long Short-Term Memory', '1997-11', 'Neural Computation 1997', 'https://doi.org/10.1162/neco.1997.9.8.1735']);
  const erdos = papers.get('erdos1960evolution')!;
  assert.deepEqual([erdos.id, erdos.url, erdos.authors], ['erdos1960evolution', 'https://www.renyi.hu/~p_erdos/1960-10.pdf', ['Paul Erdős', 'Alfréd Rényi']]);
  const bert = readFileSync(join(dir, 'papers', '1810.04805.yaml'), 'utf8');
  assert.notEqual(bert, before);
  assert.match(bert, /authors:\n {2}- Jacob Devlin/);
  assert.match(bert, /categories: \[models\]/, 'curation kept');
  // Again: nothing new, and no request (cached).
  const m = server.log.length;
  const again = await importFile({ catalog: dir, file: BIB, today: '2026-02-02', sources });
  assert.deepEqual([again.added.length, again.updated.length, again.skipped.length], [0, 0, 7]);
  assert.equal(server.log.length, m);
});

test('an arXiv id arXiv does not know is a per-entry error; the rest is imported', async () => {
  const file = join(tempDir(), 'x.bib');
  writeFileSync(file, '@misc{ghost, title={Ghost}, eprint={2312.99999}, archivePrefix={arXiv}}\n@misc{dpo, title={DPO}, eprint={2305.18290}, archivePrefix={arXiv}}\n');
  const dir = join(tempDir(), 'catalog');
  const { sources } = testSources(server);
  const r = await importFile({ catalog: dir, file, today: '2026-02-01', sources });
  assert.deepEqual(r.failed?.map((f) => [f.line, f.key, f.code]), [[1, 'ghost', 'E_ARXIV_NOT_FOUND']]);
  assert.deepEqual(r.added, ['papers/2305.18290']);
  assert.equal(loadCatalog(dir).taxonomy.title, 'x');
});

test('import refs.bib through the CLI', async () => {
  const dir = join(tempDir(), 'catalog');
  const env = serverEnv(server, tempDir());
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const r = await cli(['import', BIB, '--catalog', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /refs\.bib: recognized 8 entries; added 7, updated 0, skipped 0 \(unchanged\); 1 new categories/);
    assert.match(r.out, /refs\.bib:51: warning missing comma before "journal"/);
    assert.match(r.out, /refs\.bib:89: unreadable BibTeX/);
  } finally {
    process.env = saved;
  }
});
