import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bin, cli, FIXTURES, paperYaml, ROOT, TAXONOMY, tempDir, tree } from './helpers.js';

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

test('import → check → build → list, through the real executable', () => {
  const dir = tempDir();
  const catalog = join(dir, 'catalog');
  const imp = bin(['import', join(FIXTURES, 'seed-style.md'), '--catalog', catalog]);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.out, /recognized 7 entries; added 7, updated 0, skipped 0/);
  assert.match(imp.out, /warning .*one of the two links is wrong/);
  const again = bin(['import', join(FIXTURES, 'seed-style.md'), '--catalog', catalog]);
  assert.match(again.out, /added 0, updated 0, skipped 7/);
  const chk = bin(['check', '--catalog', catalog, '--format', 'json']);
  assert.equal(chk.code, 1);
  const report = JSON.parse(chk.out);
  const found = new Set(report.problems.map((p: { code: string }) => p.code));
  for (const c of ['E_DUPLICATE', 'E_DATE_MISMATCH', 'E_NO_REASON', 'W_EMPTY_CATEGORY', 'W_NO_AUTHORS']) assert.ok(found.has(c), c);
  const b = bin(['build', '--catalog', catalog]);
  assert.equal(b.code, 0, b.err);
  assert.ok(existsSync(join(dir, 'reading-list.md')));
  const list = bin(['list', '--catalog', catalog, '--category', 'training', '--format', 'json']);
  assert.equal(list.code, 0, list.err);
  assert.deepEqual(JSON.parse(list.out).map((p: { arxiv: string }) => p.arxiv), ['1909.08053']);
});

test('list filters by tag and year and prints a table', async () => {
  const dir = tree({ 'catalog/taxonomy.yaml': TAXONOMY, 'catalog/papers/2305.18290.yaml': paperYaml(), 'catalog/papers/1706.03762.yaml': paperYaml({ arxiv: '"1706.03762"', title: 'Attention Is All You Need', date: '2017-06-12', tags: '[]', categories: '[models]' }) });
  const r = await cli(['list', '--catalog', join(dir, 'catalog'), '--year', '2017-2020']);
  assert.equal(r.code, 0);
  assert.match(r.out, /1706\.03762 +2017-06-12 +models +Attention Is All You Need\n1 paper/);
  const t = await cli(['list', '--catalog', join(dir, 'catalog'), '--tag', 'must-read', '--format', 'json']);
  assert.deepEqual(JSON.parse(t.out).map((p: { arxiv: string }) => p.arxiv), ['2305.18290']);
  const bad = await cli(['list', '--catalog', join(dir, 'catalog'), '--category', 'nope']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /unknown category "nope"/);
});

test('check: errors exit 1 with file:line:col, warnings alone exit 0', async () => {
  const dir = tree({ 'catalog/taxonomy.yaml': TAXONOMY, 'catalog/papers/2305.18290.yaml': paperYaml({ venu: 'x' }) });
  const r = await cli(['check', '--catalog', join(dir, 'catalog')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /2305\.18290\.yaml:9:1: error E_SCHEMA unknown field "venu"/);
  writeFileSync(join(dir, 'catalog/papers/2305.18290.yaml'), paperYaml());
  const ok = await cli(['check', '--catalog', join(dir, 'catalog')]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /0 error\(s\), 1 warning\(s\)/);
});

test('check fails when the committed list is out of date', async () => {
  const dir = tree({ 'catalog/taxonomy.yaml': TAXONOMY, 'catalog/papers/2305.18290.yaml': paperYaml() });
  await cli(['build', '--catalog', join(dir, 'catalog')]);
  assert.equal((await cli(['check', '--catalog', join(dir, 'catalog')])).code, 0);
  writeFileSync(join(dir, 'catalog/papers/2305.18290.yaml'), paperYaml({ title: 'Changed' }));
  const r = await cli(['check', '--catalog', join(dir, 'catalog')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /E_LIST_STALE/);
});

test('bad input: clear message, non-zero exit, catalog untouched', async () => {
  const dir = tree({ 'catalog/taxonomy.yaml': TAXONOMY, 'catalog/papers/2305.18290.yaml': paperYaml(), 'prose.md': '# Title\n\nJust some prose, no list.\n', 'junk.md': Buffer.from([0, 1, 2, 255, 254, 0, 7]) });
  const catalog = join(dir, 'catalog');
  const before = snapshot(catalog);
  const cases: [string[], RegExp][] = [
    [['import', join(dir, 'missing.md'), '--catalog', catalog], /E_NOT_FOUND no such file/],
    [['import', join(dir, 'prose.md'), '--catalog', catalog], /E_NO_LIST found no list of papers/],
    [['import', join(dir, 'junk.md'), '--catalog', catalog], /E_BINARY .* binary data/],
    [['import', dir, '--catalog', catalog], /E_NOT_A_FILE/],
    [['check', '--catalog', join(dir, 'nowhere')], /E_NO_CATALOG no catalog folder/],
  ];
  for (const [args, re] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.err, re);
    assert.ok(!r.err.includes('    at '), 'no stack trace for a user mistake');
  }
  const big = join(dir, 'big.md');
  writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 'a'));
  const r = await cli(['import', big, '--catalog', catalog]);
  assert.equal(r.code, 1);
  assert.match(r.err, /E_FILE_TOO_LARGE .*50\.0 MB/);
  assert.deepEqual(snapshot(catalog), before);
});

test('import refuses to merge into a catalog with broken files', async () => {
  const dir = tree({ 'catalog/taxonomy.yaml': TAXONOMY, 'catalog/papers/x.yaml': 'title: [oops\n' });
  const r = await cli(['import', join(FIXTURES, 'seed-style.md'), '--catalog', join(dir, 'catalog')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /E_CATALOG_INVALID/);
  assert.deepEqual(readdirSync(join(dir, 'catalog/papers')), ['x.yaml']);
});

test('usage errors exit 2 and every command has --help with examples', async () => {
  assert.equal((await cli(['frobnicate'])).code, 2);
  assert.equal((await cli(['list', '--bogus'])).code, 2);
  assert.equal((await cli(['import'])).code, 2);
  for (const c of ['import', 'check', 'list', 'build', 'schema']) {
    const r = await cli([c, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: papershelf/);
    assert.match(r.out, /Examples:\n {2}papershelf/);
  }
});

test('Ctrl-C in the middle of a large import leaves the catalog as it was', async () => {
  const dir = tempDir();
  const catalog = join(dir, 'catalog');
  // A big list, so the import is still running when the signal comes.
  const lines = ['# Big'];
  for (let i = 0; i < 20000; i++) lines.push(`- [Paper ${i}](https://arxiv.org/abs/2301.${String(i).padStart(5, '0')}) - Reason ${i}.`);
  writeFileSync(join(dir, 'big.md'), lines.join('\n'));
  for (const delay of [150, 400, 700, 1000]) {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'papershelf.js'), 'import', join(dir, 'big.md'), '--catalog', catalog]);
    await new Promise((r) => setTimeout(r, delay));
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    const files = existsSync(join(catalog, 'papers')) ? readdirSync(join(catalog, 'papers')) : [];
    const yaml = files.filter((f) => f.endsWith('.yaml'));
    assert.ok(yaml.length === 0 || yaml.length === 20000, `after SIGINT at ${delay} ms: ${yaml.length} entries`);
    assert.equal(files.filter((f) => f.endsWith('.tmp')).length, 0, 'no temporary files left');
    if (yaml.length) break;
  }
});

test('a large catalog: the compiled CLI reports the same problems, at the same lines, as the sources', async () => {
  const files: Record<string, string> = { 'catalog/taxonomy.yaml': TAXONOMY };
  for (let i = 0; i < 2100; i++) {
    const id = `2305.${String(10000 + i)}`;
    files[`catalog/papers/${id}.yaml`] = paperYaml({ arxiv: `"${id}"`, title: `Paper ${i}` });
  }
  files['catalog/papers/2305.12050.yaml'] = paperYaml({ arxiv: '"2305.12050"', categories: '[rlhf, nope]' });
  files['catalog/papers/2305.12070.yaml'] = 'title: [broken\n';
  const dir = tree(files);
  const viaWorker = bin(['check', '--catalog', join(dir, 'catalog'), '--format', 'json', '--no-outputs']);
  const inProcess = await cli(['check', '--catalog', join(dir, 'catalog'), '--format', 'json', '--no-outputs']);
  assert.equal(viaWorker.code, 1, viaWorker.err);
  const a = JSON.parse(viaWorker.out);
  const b = JSON.parse(inProcess.out);
  assert.equal(a.papers, 2099, "2100 files, one of them broken");
  assert.deepEqual(a.problems.map((p: { code: string; line: number }) => [p.code, p.line]), b.problems.map((p: { code: string; line: number }) => [p.code, p.line]));
  assert.ok(a.problems.some((p: { code: string; line: number }) => p.code === 'E_UNKNOWN_CATEGORY' && p.line === 5));
  assert.ok(a.problems.some((p: { code: string }) => p.code === 'E_YAML_SYNTAX'));
});
