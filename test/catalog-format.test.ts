import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { paperToYaml } from '../src/catalog/format.js';
import { parseYaml, parseYamlExact } from '../src/catalog/yaml.js';
import { readdirSync } from 'node:fs';
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
