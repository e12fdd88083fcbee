/** Issue 5 through the CLI: `papershelf export` and the files `papershelf build --out` adds for feeds and exports. */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXPORT_FORMATS } from '../src/commands/export.js';
import { urls } from '../src/site/urls.js';
import { bin, cli, FIXTURES, tempDir } from './helpers.js';

const FIXTURE = join(FIXTURES, 'export', 'catalog');

test('export prints to standard output, and --out writes the same text through a rename', async () => {
  const dir = tempDir();
  for (const format of EXPORT_FORMATS) {
    // The real executable for two formats (each run costs a Node start-up), in-process for the others.
    const run = format === 'bibtex' || format === 'ris' ? async (args: string[]) => bin(args) : cli;
    const printed = await run(['export', '--format', format, '--catalog', FIXTURE]);
    assert.equal(printed.code, 0, printed.err);
    assert.match(printed.err, /^8 paper\(s\)/);
    const out = join(dir, `papers.${format}`);
    const written = await run(['export', '--format', format, '--catalog', FIXTURE, '--out', out]);
    assert.equal(written.code, 0, written.err);
    assert.match(written.out, new RegExp(`wrote .*papers\\.${format}: 8 paper\\(s\\)`));
    const file = readFileSync(out, 'utf8');
    // stdout gets the text with its final line break printed by the CLI (the JSON export carries its own time).
    const same = (t: string) => t.replace(/"generated": "[^"]+"/, '"generated": "…"');
    assert.equal(same(printed.out), same(file.replace(/\r?\n$/, '') + '\n'));
  }
  assert.deepEqual(readdirSync(dir).sort(), EXPORT_FORMATS.map((f) => `papers.${f}`).sort(), 'no temporary file left behind');
  assert.match(readFileSync(join(dir, 'papers.bibtex'), 'utf8'), /^@article\{raffel2019exploring,/);
  assert.match(readFileSync(join(dir, 'papers.json'), 'utf8'), /"version": 1,/);
});

test('export filters by category (with sub-categories) and by tag', async () => {
  const r = await cli(['export', '--format', 'csv', '--catalog', FIXTURE, '--category', 'compression', '--category', 'classics']);
  assert.equal(r.code, 0, r.err);
  const keys = r.out.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
  assert.deepEqual(keys, ['lancucki2023quip', 'wei2024chinesetitled', 'witten1999oldstyle', 'radford2019language']);
  const t = await cli(['export', '--format', 'bibtex', '--catalog', FIXTURE, '--tag', 'preference-optimization']);
  assert.deepEqual([...t.out.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]), ['rafailov2023direct', 'rafailov2023directb']);
});

test('export: usage mistakes exit 2, catalog mistakes exit 1 with a problem', async () => {
  const none = await cli(['export', '--catalog', FIXTURE]);
  assert.equal(none.code, 2);
  assert.match(none.err, /--format is required/);
  const bad = await cli(['export', '--format', 'endnote', '--catalog', FIXTURE]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown format "endnote" \(one of: bibtex, ris, csl-json, csv, json\)/);
  const cat = await cli(['export', '--format', 'ris', '--catalog', FIXTURE, '--category', 'nope']);
  assert.equal(cat.code, 1);
  assert.match(cat.err, /error E_UNKNOWN_CATEGORY unknown category "nope"/);
  const tag = await cli(['export', '--format', 'ris', '--catalog', FIXTURE, '--tag', 'nope']);
  assert.equal(tag.code, 1);
  assert.match(tag.err, /error E_UNKNOWN_TAG unknown tag "nope"/);
  const dir = await cli(['export', '--format', 'ris', '--catalog', FIXTURE, '--out', join(tempDir(), 'missing', 'x.ris')]);
  assert.equal(dir.code, 1);
  assert.match(dir.err, /E_OUT_DIR .*does not exist/);
  const help = await cli(['--help']);
  assert.match(help.out, /export +export papers as BibTeX, RIS, CSL-JSON, CSV or JSON/);
});

test('build --out writes the whole-catalog exports, the JSON Schemas and every feed at the paths of urls.ts', async () => {
  const root = tempDir();
  cpSync(FIXTURE, join(root, 'catalog'), { recursive: true });
  const site = join(root, 'site');
  const r = await cli(['build', '--catalog', join(root, 'catalog'), '--out', site, '--base', '/list/', '--site-url', 'https://example.org/list/']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /feeds\+exports \d+ file\(s\)/);
  for (const f of EXPORT_FORMATS) assert.ok(existsSync(join(site, urls.export(f))), urls.export(f));
  for (const n of ['paper', 'resource', 'taxonomy', 'export']) assert.ok(existsSync(join(site, urls.schema(n))), n);
  for (const scope of [{ kind: 'all' as const }, { kind: 'category' as const, id: 'rlhf' }, { kind: 'category' as const, id: 'empty' }, { kind: 'tag' as const, id: '中文' }]) {
    for (const format of ['atom', 'rss', 'json'] as const) assert.ok(existsSync(join(site, decodeURIComponent(urls.feed(scope, format)))), urls.feed(scope, format));
  }
  const json = JSON.parse(readFileSync(join(site, 'exports/papers.json'), 'utf8'));
  assert.equal(json.$schema, 'https://example.org/list/schema/export.schema.json');
  assert.equal(json.papers.length, 8);
  assert.match(readFileSync(join(site, 'feeds/all.atom.xml'), 'utf8'), /<link rel="self" type="application\/atom\+xml" href="https:\/\/example\.org\/list\/feeds\/all\.atom\.xml"\/>/);
});
