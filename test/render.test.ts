import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, escapeMarkdown, safeUrl } from '../src/render/text.js';
import { fillReadme, renderList, README_END, README_START } from '../src/render/markdown.js';
import type { Paper } from '../src/model/schema.js';

const taxonomy = { title: 'Test List', categories: [{ id: 'a', name: { en: 'Alpha', zh: '甲' }, children: [{ id: 'b', name: { en: 'Beta' } }] }] };
const paper = (over: Partial<Paper> = {}): Paper => ({ arxiv: '2305.18290', title: 'DPO', authors: ['R. R.'], date: '2023-05-29', categories: ['a'], added: '2026-01-01', why: { en: 'Read it.', zh: '读它。' }, ...over });

test('escapeMarkdown makes HTML and Markdown inert', () => {
  assert.equal(escapeMarkdown('<script>alert(1)</script>'), '&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
  assert.equal(escapeMarkdown('"><img src=x onerror=alert(1)>'), '"&gt;&lt;img src=x onerror=alert\\(1\\)&gt;');
  assert.equal(escapeMarkdown('[x](javascript:alert(1))'), '\\[x\\]\\(javascript:alert\\(1\\)\\)');
  assert.equal(escapeMarkdown('a\n\n# heading'), 'a \\# heading');
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
});

test('escapeMarkdown: text with nothing to escape comes back as it is, the rest as the full escaping gives it', () => {
  const full = (text: string) =>
    text
      .replace(/[\r\n]+/g, ' ')
      .replace(/[&<>\\`*_[\]{}()#+!|~]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '\\' + c))
      .replace(/^(\s*)-/, '$1\\-')
      .trim();
  const alphabet = ['a', 'Z', '1', ' ', '-', '\n', '\r', '\t', '\u3000', '\u00a0', '推', '*', '_', '[', ']', '(', ')', '#', '<', '&', '|', '~', '!', '+', '`', '\\', '.'];
  for (let i = 0; i < 5000; i++) {
    let s = '';
    for (let j = 0; j < i % 13; j++) s += alphabet[(i * 31 + j * 17 + ((i * j) % 7)) % alphabet.length];
    assert.equal(escapeMarkdown(s), full(s), JSON.stringify(s));
  }
  assert.equal(escapeMarkdown('Plain words, 推理.'), 'Plain words, 推理.');
});

test('safeUrl keeps only http(s)', () => {
  assert.equal(safeUrl('javascript:alert(1)'), undefined);
  assert.equal(safeUrl('data:text/html,x'), undefined);
  assert.equal(safeUrl('https://a.b/c'), 'https://a.b/c');
});

test('safeUrl: links taken as they are equal what the URL parser makes of them', () => {
  const parsed = (url: string) => {
    try {
      const u = new URL(url);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
    } catch {
      return undefined;
    }
  };
  const schemes = ['https://', 'http://', 'HTTPS://', 'ftp://', 'javascript:', ''];
  const hosts = ['arxiv.org', 'github.com', 'GitHub.com', 'a.b', 'x-y.example.co', '127.0.0.1', '0x7f.1', 'a.0x7f', 'xn--nxasmq6b.com', 'xn--bad.com', 'a..b', '-a.com', 'a.com.', 'localhost', 'a.com:443', 'a.com:8080', 'user@a.com', 'ex ample.com', '例子.com'];
  const paths = ['', '/', '/abs/2305.18290', '/pdf/2305.18290v2', '/org/repo', '/a/./b', '/a/../b', '/.', '/..', '/a b', '/a%20b', '/a?q=1', '/a#f', '/~u/(x)', "/it's", '/a\\b', '//x', '/a/.hidden', '/a..b', '/é', '/{x}', '/a^b', '/a|b'];
  for (const s of schemes) for (const h of hosts) for (const p of paths) assert.equal(safeUrl(s + h + p), parsed(s + h + p), s + h + p);
});

test('the list: title with badge, contents, sections in taxonomy order, a paper in two sections', () => {
  const out = renderList({ taxonomy, papers: [paper({ categories: ['a', 'b'] }), paper({ arxiv: '1706.03762', title: 'Attention', date: '2017-06', categories: ['b'] })], resources: [] }).get('reading-list.md')!;
  assert.match(out, /^# Test List \[!\[Awesome\]/);
  assert.match(out, /## Contents\n\n- \[Alpha\]\(#alpha\)\n {2}- \[Beta\]\(#beta\)/);
  assert.equal(out.match(/\[DPO\]\[p:2305\.18290\]/g)!.length, 2);
  assert.ok(out.indexOf('[Attention]') < out.lastIndexOf('[DPO]'), 'oldest first within a section');
  assert.match(out, /- \[DPO\]\[p:2305\.18290\] - Read it\. 读它。 \*2023-05-29\* \[PDF\]\(https:\/\/arxiv\.org\/pdf\/2305\.18290\)/);
  assert.match(out, /\n\[p:2305\.18290\]: https:\/\/arxiv\.org\/abs\/2305\.18290\n/);
});

test('rendering is deterministic whatever the input order', () => {
  const papers = [paper(), paper({ arxiv: '1706.03762', title: 'Attention', date: '2017-06' })];
  const a = renderList({ taxonomy, papers, resources: [] });
  const b = renderList({ taxonomy, papers: [...papers].reverse(), resources: [] });
  assert.deepEqual([...a], [...b]);
});

test('hostile text stays text in the list', () => {
  const out = renderList({ taxonomy, papers: [paper({ title: '<script>alert(1)</script>', why: { en: '[click](javascript:alert(1))' }, links: { code: 'https://x.org/a b' } })], resources: [] }).get('reading-list.md')!;
  assert.ok(!out.includes('<script>'));
  assert.ok(!out.includes('](javascript:'));
  assert.ok(out.includes('[Code](<https://x.org/a%20b>)') || out.includes('[Code](https://x.org/a%20b)'));
});

test('a list past 500 KB is split into one page per top-level section', () => {
  const many = Array.from({ length: 3000 }, (_, i) => paper({ arxiv: `2301.${String(i).padStart(5, '0')}`, title: `Paper ${i} ${'x'.repeat(100)}`, why: { en: 'y'.repeat(100) } }));
  const files = renderList({ taxonomy, papers: many, resources: [] });
  assert.deepEqual([...files.keys()].sort(), ['reading-list.md', 'reading-list/a.md']);
  assert.match(files.get('reading-list.md')!, /\[Alpha\]\(reading-list\/a\.md\) \(3000\)/);
});

test('fillReadme replaces only the marked block', () => {
  const readme = `intro\n${README_START}\nold\n${README_END}\noutro\n`;
  assert.equal(fillReadme(readme, 'new'), `intro\n${README_START}\nnew\n${README_END}\noutro\n`);
  assert.equal(fillReadme('no markers', 'x'), undefined);
});
