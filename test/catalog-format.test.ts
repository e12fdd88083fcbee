import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { paperToYaml } from '../src/catalog/format.js';
import { parseYaml, parseYamlExact } from '../src/catalog/yaml.js';
import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { jsonSchemas, Paper } from '../src/model/schema.js';
import { paperYaml, ROOT } from './helpers.js';

test('a valid paper parses', () => {
  const r = parseYaml(paperYaml(), Paper, 'p.yaml');
  assert.deepEqual(r.problems, []);
  assert.equal(r.value?.arxiv, '2305.18290');
});

test('malformed YAML is reported with line and column', () => {
  const r = parseYaml('title: "open\nauthors: [a\n', Paper, 'p.yaml');
  assert.equal(r.value, undefined);
  assert.equal(r.problems[0]!.code, 'E_YAML_SYNTAX');
  assert.ok(r.problems[0]!.line! >= 1);
});

test('an unknown field points at its key', () => {
  const r = parseYaml(paperYaml({ venu: 'NeurIPS' }), Paper, 'p.yaml');
  const p = r.problems.find((x) => x.message.includes('unknown field'));
  assert.ok(p, JSON.stringify(r.problems));
  assert.equal(p.code, 'E_SCHEMA');
  assert.equal(p.line, 9);
  assert.equal(p.column, 1);
});

test('an unquoted arXiv id (read as a number) says to quote it', () => {
  const r = parseYaml(paperYaml({ arxiv: '2305.18290' }), Paper, 'p.yaml');
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.line, 1);
  assert.match(r.problems[0]!.hint!, /quote/);
});

test('a missing required field and a bad date are both reported', () => {
  const r = parseYaml(paperYaml({ title: '', date: '2023-13-01' }), Paper, 'p.yaml');
  const codes = r.problems.map((p) => p.message);
  assert.ok(codes.some((m) => m.includes('missing required field "title"')), codes.join('\n'));
  assert.ok(codes.some((m) => m.includes('"date"')), codes.join('\n'));
});

test('javascript: links are rejected by the schema', () => {
  const r = parseYaml(paperYaml({ links: '{ code: "javascript:alert(1)" }' }), Paper, 'p.yaml');
  assert.equal(r.problems[0]?.code, 'E_SCHEMA');
});

test('binary junk and huge files are refused with a clear code', () => {
  assert.equal(parseYaml('a: \u0000\u0001', Paper, 'p.yaml').problems[0]!.code, 'E_BINARY');
  assert.equal(parseYaml('x'.repeat(1_100_000), Paper, 'p.yaml').problems[0]!.code, 'E_FILE_TOO_LARGE');
});

test('load → save of a canonical entry gives the same bytes', () => {
  const text = paperToYaml(parseYaml(paperYaml(), Paper, 'p.yaml').value!);
  const again = paperToYaml(parseYaml(text, Paper, 'p.yaml').value!);
  assert.equal(again, text);
  assert.match(text, /^arxiv: "2305.18290"\ntitle: "Direct Preference/);
  assert.match(text, /categories: \[rlhf\]/);
});

test('the committed JSON Schemas match the schema in code', () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    const committed = JSON.parse(readFileSync(join(ROOT, 'schema', `${name}.schema.json`), 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(schema)), `schema/${name}.schema.json is stale: run npm run schema`);
  }
});

test('the fast and the exact YAML paths read every bundled file to the same value', () => {
  const dir = join(ROOT, 'catalog', 'papers');
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), 'utf8');
    assert.deepEqual(parseYaml(text, Paper, name).value, parseYamlExact(text, Paper, name).value, name);
  }
});

test('anchors and aliases take the exact path, which bounds them', () => {
  const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
  const r = parseYaml(bomb, Paper, 'p.yaml');
  assert.equal(r.value, undefined);
  assert.ok(r.problems.length > 0);
});

test("Zod's compiled schemas (the fast path) accept, return and reject exactly what the schemas do", () => {
  const dir = join(ROOT, 'catalog', 'papers');
  const valid = readdirSync(dir).map((name) => parseYamlExact(readFileSync(join(dir, name), 'utf8'), Paper, name).value as Record<string, unknown>);
  assert.ok(valid.length > 50);
  const long = (n: number) => 'x'.repeat(n);
  // Every field given bad values of every kind, one at a time, on a few real papers.
  const bad: Record<string, unknown[]> = {
    arxiv: [2305.18290, '2305.1829', '2313.00001', 'hep-th/99', '', null, ['2305.18290']],
    doi: ['11.1000/x', '10.1/x', long(400), 5],
    id: ['Has Space', 'UPPER', '-lead', long(90)],
    url: ['javascript:alert(1)', 'http://a b', 'ftp://x.org', 'https://x.org/"><img>', long(2100)],
    title: ['', '   ', long(501), 42, null],
    authors: [[], ['ok', ''], 'one string', [long(201)], [1, 2], Array.from({ length: 5001 }, () => 'a')],
    et_al: ['yes', 1],
    date: ['2023-13', '2023-02-30x', '23-01-01', 2023, '2023-1'],
    venue: ['', long(201), {}],
    links: [{ pdf: 'javascript:x' }, { code: 'not a url' }, { extra: 'https://x.org' }, 'https://x.org', null],
    categories: [[], ['Bad Slug'], 'rlhf', [1], undefined],
    tags: [['ok', 'Bad'], Array.from({ length: 31 }, (_, i) => `t${i}`), 'tag'],
    added: ['2026-01', 'yesterday', 20260101, undefined],
    why: [{ en: long(2001) }, { fr: 'non' }, 'because', { en: 5 }],
    notes: [[{ title: 'n', url: 'https://x.org' }], [{ title: '', url: 'https://x.org', lang: 'en' }], [{ title: 'n', url: 'https://x.org', lang: 'de' }], 'note'],
    colour: ['blue'],
    ['__proto__']: [{ polluted: true }],
  };
  const fast = z.compile(Paper);
  const same = (value: unknown, label: string) => {
    const a = Paper.safeParse(value);
    const b = fast.safeParse(value);
    assert.equal(b.success, a.success, label);
    if (a.success) assert.deepEqual(b.data, a.data, label);
    else assert.deepEqual(b.error!.issues, a.error.issues, label);
    return a.success;
  };
  let rejected = 0;
  for (const p of valid) assert.ok(same(p, String(p.arxiv ?? p.title)));
  for (const p of valid.slice(0, 5)) {
    for (const [key, values] of Object.entries(bad)) {
      for (const v of values) {
        const mutated = { ...p };
        Object.defineProperty(mutated, key, { value: v, enumerable: true, configurable: true, writable: true });
        if (!same(mutated, `${key} = ${JSON.stringify(v)?.slice(0, 40)}`)) rejected++;
      }
    }
    // Texts with surrounding spaces come back trimmed by both.
    assert.ok(same({ ...p, title: `  ${String(p.title)}  ` }, 'untrimmed title'));
  }
  assert.ok(rejected > 250, `${rejected} mutations rejected`);
});
