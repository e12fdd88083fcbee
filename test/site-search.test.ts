/** The search index and engine (run in Node on a built index), the tokenizer and the URL state. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import SearchableMap from 'minisearch/SearchableMap';
import { loadCatalog } from '../src/catalog/load.js';
import { buildModel } from '../src/site/model.js';
import { buildSearchIndex, truncate } from '../src/site/search-index.js';
import { Engine } from '../src/site/client/engine.js';
import { shardOf, tokenize } from '../src/site/client/tokenize.js';
import { effectiveSort, parseState, serializeState } from '../src/site/client/state.js';
import { deltaDecode, deltaEncode, ROWS } from '../src/site/client/format.js';
import { FIXTURES } from './helpers.js';

const CATALOG = join(FIXTURES, 'site', 'catalog');

async function engine() {
  const model = buildModel(loadCatalog(CATALOG));
  const index = buildSearchIndex(model);
  const fetched: string[] = [];
  const e = await new Engine(async (path) => {
    fetched.push(path);
    const text = index.files.get(index.dir + path);
    if (text === undefined) throw new Error(`404 ${path}`);
    return JSON.parse(text);
  }, SearchableMap).init();
  const titles = async (q: string, ...rest: Parameters<Engine['search']> extends [unknown, ...infer R] ? R : never) => {
    const hits = await e.search(q, ...rest);
    const rows = await e.rows(hits.ids);
    return hits.ids.map((n) => rows.get(n)![1]);
  };
  return { e, model, index, fetched, titles };
}

test('tokenizer: words, accents, arXiv ids, Chinese bigrams', () => {
  assert.deepEqual(tokenize('The Attention-Is all you need!'), ['attention', 'all', 'you', 'need']);
  assert.deepEqual(tokenize('Łukasz Kaiser, Müller'), ['lukasz', 'kaiser', 'muller']);
  assert.deepEqual(tokenize('arXiv:2305.18290v2 and hep-th/9901001'), ['2305.18290', 'hep-th/9901001']);
  assert.deepEqual(tokenize('大模型推理'), ['大模', '模型', '型推', '推理']);
  assert.deepEqual(tokenize('用RLHF对齐'), ['用', 'rlhf', '对齐']);
  assert.equal(shardOf('attention'), 'a');
  assert.equal(shardOf('2305.18290'), '2');
  assert.match(shardOf('推理'), /^h[0-9a-f]{2}$/);
});

test('tokenizer: ASCII text takes a faster path with the same terms as the Unicode one', () => {
  // A trailing "·" (no term of its own) sends the same text down the Unicode path, for comparison.
  const texts = ['GPT-4o and Llama-3.1: 70B, 8x7B MoE', 'arXiv:2305.18290v2 hep-th/9901001v3 math.GT/0309136', 'x.y 1234.5678 ab/1234567 a-b-/1234567 2305.1829', 'The_quick (brown) fox; v2 ARXIV: 1706.03762'];
  for (let i = 0; i < 2000; i++) {
    const alphabet = 'abcXYZ0123456789.-/:_ v,;()arxiv:';
    let s = '';
    for (let j = 0; j < 1 + (i % 29); j++) s += alphabet[(i * 7919 + j * 104729) % alphabet.length];
    texts.push(s);
  }
  for (const text of texts) assert.deepEqual(tokenize(text), tokenize(text + ' ·'), text);
});

test('index files: delta-coded lists, rows in chunks, a versioned folder', async () => {
  assert.deepEqual(deltaDecode(deltaEncode([1, 4, 9, 10])), [1, 4, 9, 10]);
  const { index, model } = await engine();
  assert.match(index.dir, /^search-data\/[0-9a-f]{10}\/$/);
  assert.ok(index.files.has(index.dir + 'meta.json'));
  assert.equal([...index.files.keys()].filter((k) => k.includes('/r/')).length, Math.ceil(model.papers.length / ROWS));
  // Hostile text stays data: JSON-escaped strings, never markup the page would parse.
  const rows = [...index.files].filter(([k]) => k.includes('/r/')).map(([, v]) => v).join('');
  assert.ok(rows.includes("<script>window.__xss='title'</script>"));
  assert.doesNotThrow(() => JSON.parse(index.files.get(index.dir + 'meta.json')!));
});

test('search: words, prefixes, typos, authors, arXiv ids', async () => {
  const { titles } = await engine();
  assert.equal((await titles('attention need'))[0], 'Attention Is All You Need');
  assert.equal((await titles('atention'))[0], 'Attention Is All You Need', 'one typo');
  assert.equal((await titles('preferenc optimizaton'))[0], 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model');
  assert.equal((await titles('instruc'))[0], 'Training language models to follow instructions with human feedback', 'prefix');
  assert.equal((await titles('rafailov'))[0], 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model');
  assert.equal((await titles('kaiser'))[0], 'Attention Is All You Need', 'accented name');
  assert.deepEqual(await titles('2305.18290'), ['Direct Preference Optimization: Your Language Model is Secretly a Reward Model']);
  assert.deepEqual(await titles('arXiv:1706.03762'), ['Attention Is All You Need']);
  assert.deepEqual(await titles('zzzzqqq'), []);
});

test('search: Chinese queries without spaces', async () => {
  const { titles } = await engine();
  assert.deepEqual((await titles('思维链')).sort(), ['Chain-of-Thought Prompting Elicits Reasoning in Large Language Models', 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning']);
  assert.deepEqual(await titles('思维链提示'), ['Chain-of-Thought Prompting Elicits Reasoning in Large Language Models'], 'all bigrams must match');
  assert.equal((await titles('奖励模型'))[0], 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model');
  assert.ok((await titles('强化学习')).includes('DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning'));
  // Category names in Chinese find their papers too.
  assert.ok((await titles('人类反馈强化学习')).length >= 2);
});

test('facets: categories with their sub-categories, years, tag, code; sorts', async () => {
  const { e, titles } = await engine();
  const align = await titles('', { cats: ['alignment'] });
  assert.deepEqual(align, ['Direct Preference Optimization: Your Language Model is Secretly a Reward Model', 'Training language models to follow instructions with human feedback']);
  assert.deepEqual(await titles('', { cats: ['rlhf', 'models'], from: 2022, to: 2023 }), ['Direct Preference Optimization: Your Language Model is Secretly a Reward Model', 'Training language models to follow instructions with human feedback']);
  assert.deepEqual(await titles('', { tag: 'must-read', code: true }), ['DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning', 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', 'Attention Is All You Need']);
  const byTitle = await titles('', { cats: ['models'] }, 'title');
  assert.deepEqual(byTitle, [...byTitle].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  const byAdded = await titles('', { tag: 'must-read' }, 'added');
  assert.equal(byAdded[0]!.startsWith('<script>'), false);
  assert.equal(byAdded[0], 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning');
  assert.deepEqual(await titles('reasoning', { from: 2025 }), ['DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning']);
  const counts = e.categoryCounts((await e.search('')).ids);
  assert.equal(counts[e.meta.cats.indexOf('alignment')], 2);
  assert.equal(counts[e.meta.cats.indexOf('reasoning')], 3);
});

test('only the shards of the words typed are loaded', async () => {
  const { e, fetched } = await engine();
  await e.search('attention');
  assert.deepEqual(fetched.filter((f) => f.startsWith('t/')), ['t/a.json']);
  await e.search('attention');
  assert.equal(fetched.filter((f) => f === 't/a.json').length, 1, 'cached');
});

test('a query with no paper holding every word falls back to papers holding some', async () => {
  const { e } = await engine();
  const r = await e.search('attention zzzzqqq');
  assert.equal(r.partial, true);
  assert.ok(r.ids.length >= 1);
});

test('URL state: parse, defaults, round trip, hostile values dropped', () => {
  const s = parseState('?q=kv+cache&cat=rlhf&cat=agents&from=2020&to=2024&tag=must-read&code=1&sort=added');
  assert.deepEqual(s, { q: 'kv cache', cats: ['rlhf', 'agents'], from: 2020, to: 2024, tag: 'must-read', code: true, sort: 'added' });
  assert.equal(serializeState(s), '?q=kv+cache&cat=rlhf&cat=agents&from=2020&to=2024&tag=must-read&code=1&sort=added');
  assert.equal(serializeState(parseState('?sort=date')), '', 'the default sort without a query is left out');
  assert.equal(serializeState(parseState('?q=x&sort=relevance')), '?q=x');
  assert.equal(effectiveSort(parseState('?sort=relevance')), 'date');
  assert.deepEqual(parseState('?cat=<script>&tag="x&from=20x&sort=evil'), { q: '', cats: [], code: false });
});

test('reasons in the result rows are cut by characters, not UTF-16 units, at a word boundary when one is near', () => {
  assert.equal(truncate('  short text  ', 20), 'short text');
  assert.equal(truncate('one two three four five six', 15), 'one two three…');
  assert.equal(truncate('一二三四五六七八九十', 4), '一二三四…');
  // Astral characters count once: 5 of them fit in 5 although they are 10 UTF-16 units long.
  assert.equal(truncate('😀😀😀😀😀', 5), '😀😀😀😀😀');
  assert.equal(truncate('😀😀😀😀😀😀', 5), '😀😀😀😀😀…');
  assert.equal(truncate('推理，推理。推理', 6), '推理，推理…');
});
