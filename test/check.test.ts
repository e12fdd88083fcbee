import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateVersusArxiv } from '../src/check/rules.js';
import { check } from '../src/commands/check.js';
import { paperYaml, TAXONOMY, tree } from './helpers.js';

function run(files: Record<string, string>) {
  const dir = tree({ 'catalog/taxonomy.yaml': TAXONOMY, ...files });
  return check({ catalog: `${dir}/catalog` });
}

const codes = (r: ReturnType<typeof run>) => r.problems.map((p) => p.code);

test('a clean catalog has no errors (empty categories are only warnings)', () => {
  const r = run({ 'catalog/papers/2305.18290.yaml': paperYaml() });
  assert.equal(r.errors, 0, JSON.stringify(r.problems));
  assert.deepEqual(codes(r), ['W_EMPTY_CATEGORY']);
  assert.equal(r.problems[0]!.line, 3);
});

test('unknown category and tag point at the value', () => {
  const r = run({ 'catalog/papers/2305.18290.yaml': paperYaml({ categories: '[rlhf, nope]', tags: '[must-read, shiny]' }) });
  const cat = r.problems.find((p) => p.code === 'E_UNKNOWN_CATEGORY')!;
  assert.deepEqual([cat.line, cat.column], [5, 20]);
  assert.ok(r.problems.some((p) => p.code === 'E_UNKNOWN_TAG' && p.line === 6));
});

test('the same paper twice is an error, whatever the file names', () => {
  const r = run({ 'catalog/papers/2305.18290.yaml': paperYaml(), 'catalog/papers/2305.18290-2.yaml': paperYaml({ title: 'Other' }) });
  assert.equal(codes(r).filter((c) => c === 'E_DUPLICATE').length, 1);
});

test('a DOI twice is an error too', () => {
  const doi = { arxiv: '', doi: '10.1000/xyz', date: '2020-01-01' };
  const r = run({ 'catalog/papers/doi_10.1000_xyz.yaml': paperYaml(doi), 'catalog/papers/doi_10.1000_xyz-2.yaml': paperYaml(doi) });
  assert.ok(codes(r).includes('E_DUPLICATE'));
});

test('a date that contradicts the arXiv id (the seed\'s AWQ error)', () => {
  const r = run({ 'catalog/papers/2306.00978.yaml': paperYaml({ arxiv: '"2306.00978"', date: '2023-10' }) });
  const p = r.problems.find((x) => x.code === 'E_DATE_MISMATCH')!;
  assert.equal(p.line, 4);
  assert.match(p.message, /June 2023/);
});

test('dates versus arXiv ids: same month, days before (held submissions), impossible ones', () => {
  assert.equal(dateVersusArxiv('2023-06-01', '2306.00978'), 'ok');
  assert.equal(dateVersusArxiv('2023-05-31', '2306.00978'), 'ok');
  assert.equal(dateVersusArxiv('2022-08-23', '2209.07858'), 'ok');
  assert.equal(dateVersusArxiv('2023-04-20', '2306.00978'), 'impossible');
  assert.equal(dateVersusArxiv('2023-07-01', '2306.00978'), 'impossible');
  assert.equal(dateVersusArxiv('2023-10', '2306.00978'), 'impossible');
  assert.equal(dateVersusArxiv('2022-02', '2203.02155'), 'suspicious');
  assert.equal(dateVersusArxiv('2024-02', '2404.11584'), 'impossible');
  assert.equal(dateVersusArxiv('2023', '2306.00978'), 'ok');
  assert.equal(dateVersusArxiv('2022', '2301.00001'), 'ok');
  assert.equal(dateVersusArxiv('2021', '2306.00978'), 'impossible');
});

test('malformed links: bad host, credentials; non-http is a schema error', () => {
  const r = run({ 'catalog/papers/2305.18290.yaml': paperYaml({ links: '{ code: "https://localhost/x", project: "https://user:pw@example.com/" }' }) });
  assert.equal(codes(r).filter((c) => c === 'E_BAD_URL').length, 2);
  const s = run({ 'catalog/papers/2305.18290.yaml': paperYaml({ links: '{ code: "ftp://example.com/x" }' }) });
  assert.ok(codes(s).includes('E_SCHEMA'));
});

test('a reason empty in both languages is an error', () => {
  const r = run({ 'catalog/papers/2305.18290.yaml': paperYaml({ why: '{ en: "", zh: "  " }' }) });
  assert.ok(codes(r).includes('E_NO_REASON'));
});

test('a file name that does not match the id', () => {
  const r = run({ 'catalog/papers/dpo.yaml': paperYaml() });
  assert.ok(codes(r).includes('E_FILE_NAME'));
});

test('missing facts are warnings', () => {
  const r = run({ 'catalog/papers/2305.18290.yaml': paperYaml({ authors: '', date: '' }) });
  assert.equal(r.errors, 0);
  assert.ok(codes(r).includes('W_NO_AUTHORS'));
  assert.ok(codes(r).includes('W_NO_DATE'));
});

test('every problem at once, sorted by file and line', () => {
  const r = run({
    'catalog/papers/2305.18290.yaml': paperYaml({ categories: '[nope]', date: '2020-01' }),
    'catalog/papers/bad.yaml': 'title: [unclosed\n',
    'catalog/taxonomy.yaml': TAXONOMY + '  - id: must-read\n    name: { en: Again }\n',
  });
  assert.ok(r.errors >= 4, JSON.stringify(r.problems, null, 1));
  for (const c of ['E_UNKNOWN_CATEGORY', 'E_DATE_MISMATCH', 'E_YAML_SYNTAX', 'E_DUPLICATE_TAG']) assert.ok(codes(r).includes(c), c);
});
