import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findDate, importMarkdown } from '../src/import/markdown.js';
import { mergeImport } from '../src/import/merge.js';
import { FIXTURES } from './helpers.js';

const seed = readFileSync(join(FIXTURES, 'seed-style.md'), 'utf8');

test('seed layout: sections in order, empty ones kept, labels are not sections', () => {
  const r = importMarkdown(seed);
  assert.deepEqual(r.sections.map((s) => s.name), ['Models', 'Surveys', 'Training', 'systems', 'Alignment', 'Quantization', 'PTQ', 'Empty Section']);
  assert.equal(r.sections[3]!.parent, 2);
  assert.equal(r.sections[6]!.parent, 5);
});

test('seed layout: papers with link, year, reason and notes; the blog is a resource', () => {
  const r = importMarkdown(seed);
  const byTitle = new Map(r.entries.map((e) => [e.title, e]));
  const gpt3 = byTitle.get('Language Models are Few-Shot Learners')!;
  assert.equal(gpt3.arxiv, '2005.14165');
  assert.equal(gpt3.date, '2020-05');
  assert.equal(gpt3.why.en, 'the paper that made in-context learning a thing');
  const llama2 = r.entries.find((e) => e.arxiv === '2307.09288')!;
  assert.equal(llama2.title, 'Llama 2', 'a bare-URL link takes its title from the heading');
  assert.equal(llama2.why.zh, '开源模型的标杆');
  assert.deepEqual(llama2.notes, [{ title: '小红书笔记', url: 'https://www.xiaohongshu.com/explore/0000000000000000000000aa', lang: 'zh' }]);
  const dpo = r.entries.find((e) => e.arxiv === '2305.18290')!;
  assert.equal(dpo.why.zh, '把奖励模型藏进策略里', 'a "::" separator is tolerated');
  assert.equal(dpo.notes[0]!.title, '科学空间');
  const blog = r.entries.find((e) => e.kind === 'resource')!;
  assert.equal(blog.title, '量化入门');
  assert.equal(r.sections[blog.section!]!.name, 'Quantization');
  const awq = r.entries.find((e) => e.arxiv === '2306.00978')!;
  assert.equal(r.sections[awq.section!]!.name, 'PTQ', 'indented headings and items still count');
  const flan = r.entries.find((e) => e.title === 'Wrong link on purpose')!;
  assert.equal(r.sections[flan.section!]!.name, 'Alignment', 'a paper right under a top-level section belongs to it');
});

test('other layouts: link items, bold titles, details blocks and tables', () => {
  const r = importMarkdown(readFileSync(join(FIXTURES, 'awesome-style.md'), 'utf8'));
  assert.equal(r.title, 'Awesome Things');
  const ids = r.entries.map((e) => e.arxiv);
  assert.deepEqual(ids, ['1706.03762', '2312.10908', '2101.03961', '2001.08361']);
  const agent = r.entries[1]!;
  assert.equal(agent.title, 'Some Agent Paper With A Long Title');
  assert.equal(agent.code, 'https://github.com/org/agent');
  assert.equal(agent.date, '2023-12');
  assert.equal(r.entries[0]!.why.en, 'The Transformer.');
  assert.equal(r.entries[3]!.date, '2020-01');
  assert.deepEqual(r.unused.map((u) => u.line), [12, 27]);
});

test('merge: the same id under another title is kept apart and warned about; re-import changes nothing', () => {
  const imported = importMarkdown(seed);
  const first = mergeImport({ taxonomy: { title: 'T', categories: [] }, papers: [], resources: [], imported, today: '2026-01-01', source: 's.md' });
  assert.equal(first.report.added.length, 7);
  assert.ok(first.report.added.includes('papers/2005.14165-2'));
  assert.equal(first.report.warnings.filter((w) => w.message.includes('one of the two links is wrong')).length, 1);
  const second = mergeImport({ taxonomy: first.taxonomy, papers: first.papers, resources: first.resources, imported, today: '2026-02-02', source: 's.md' });
  assert.equal(second.taxonomyChanged, false);
  assert.deepEqual([second.report.added, second.report.updated, second.papers], [[], [], []]);
  assert.equal(second.report.skipped.length, 7);
});

test('merge fills what is missing without overwriting curated text', () => {
  const imported = importMarkdown('# List\n## A\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) - New reason.\n');
  const existing = { stem: '1706.03762', data: { arxiv: '1706.03762', title: 'Attention Is All You Need', categories: ['b'], added: '2020-01-01', why: { en: 'Curated.' } } };
  const r = mergeImport({ taxonomy: { title: 'T', categories: [{ id: 'b', name: { en: 'B' } }] }, papers: [existing], resources: [], imported, today: '2026-01-01', source: 's.md' });
  assert.deepEqual(r.report.updated, ['papers/1706.03762']);
  assert.equal(r.papers[0]!.data.why?.en, 'Curated.');
  assert.deepEqual(r.papers[0]!.data.categories, ['b', 'a']);
  assert.equal(r.papers[0]!.data.date, '2017-06');
});

test('findDate understands the usual spellings', () => {
  assert.equal(findDate('2022/02'), '2022-02');
  assert.equal(findDate('2023-5'), '2023-05');
  assert.equal(findDate('[Dec 2023]'), '2023-12');
  assert.equal(findDate('ICML 2024'), '2024');
  assert.equal(findDate('no date'), undefined);
});

test('junk never crashes the importer', () => {
  for (const junk of ['', '\u0000\u0001\u0002', '<<<>>>'.repeat(1000), '- '.repeat(5000), '#'.repeat(100), '| a |\n|---|\n| [x](https://arxiv.org/abs/1) |', '[[[[[[[[[[', '* **Paper**:\n* **year**:']) {
    const r = importMarkdown(junk);
    assert.ok(Array.isArray(r.entries));
  }
});
