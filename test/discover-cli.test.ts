import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRejected } from '../src/triage/rejected.js';
import { fixture, testCatalog } from './discover-helpers.js';
import { cli, tempDir } from './helpers.js';

interface Json {
  candidates: number;
  overall: { id: string; category: string; terms: { term: string }[]; closest: { id: string }[]; score: number }[];
  byCategory: { id: string; suggestions: { id: string }[] }[];
  categories: { id: string; trained: boolean; positives: number }[];
  catalogWithoutAbstract: string[];
}

async function setup() {
  const catalog = testCatalog();
  const store = join(tempDir(), 'store.sqlite');
  const h = await cli(['harvest', '--from-file', fixture('papers.jsonl'), '--store', store, '--catalog', catalog]);
  assert.equal(h.code, 0, h.err);
  assert.match(h.out, /18 new/);
  return { catalog, store };
}

const discover = async (catalog: string, store: string, ...extra: string[]) => {
  const r = await cli(['discover', '--store', store, '--catalog', catalog, '--format', 'json', ...extra]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Json;
};

test('discover ranks the store by the catalog\'s taste, per category and overall, and explains itself', async () => {
  const { catalog, store } = await setup();
  const d = await discover(catalog, store);
  assert.equal(d.candidates, 12, '18 papers, 6 in the catalog');
  assert.deepEqual(d.catalogWithoutAbstract, []);
  const trained = Object.fromEntries(d.categories.map((c) => [c.id, c.trained]));
  assert.deepEqual(trained, { compression: true, quantization: true, rag: true, agents: false });
  const best = new Map(d.overall.map((s) => [s.id, s.category]));
  for (const id of ['2506.00104', '2506.00105', '2506.00106']) assert.match(best.get(id)!, /quantization|compression/, id);
  for (const id of ['2506.00110', '2506.00111', '2506.00112']) assert.equal(best.get(id), 'rag', id);
  assert.deepEqual(d.overall.slice(0, 6).map((s) => s.id).sort(), ['2506.00104', '2506.00105', '2506.00106', '2506.00110', '2506.00111', '2506.00112'], 'the six on-topic papers first');
  const q = d.byCategory.find((c) => c.id === 'quantization')!;
  assert.deepEqual(q.suggestions.slice(0, 3).map((s) => s.id).sort(), ['2506.00104', '2506.00105', '2506.00106']);
  const s = d.overall.find((x) => x.id === '2506.00106')!;
  assert.ok(s.terms.some((t) => /quantization/.test(t.term)), JSON.stringify(s.terms));
  assert.ok(['2506.00101', '2506.00102', '2506.00103'].includes(s.closest[0]!.id));
  // The table for people.
  const t = await cli(['discover', '--store', store, '--catalog', catalog, '--top', '3']);
  assert.equal(t.code, 0);
  assert.match(t.out, /Overall/);
  assert.match(t.out, /terms: /);
  assert.match(t.out, /like: 2506\.001/);
});

test('--since and --categories filter the candidates; a store without recent papers says so', async () => {
  const { catalog, store } = await setup();
  const recent = await discover(catalog, store, '--since', '2025-06-15');
  assert.deepEqual(recent.overall.map((s) => s.id).sort(), ['2506.00112', '2506.00113', '2506.00114', '2506.00115', '2506.00116', '2506.00117', '2506.00118'], 'announced on or after the day');
  assert.equal(recent.overall[0]!.id, '2506.00112', 'the one RAG paper among them comes first');
  const robots = await discover(catalog, store, '--categories', 'cs.RO');
  assert.equal(robots.candidates, 6);
  const none = await cli(['discover', '--store', store, '--catalog', catalog, '--since', '7d']);
  assert.equal(none.code, 0);
  assert.match(none.out, /newest paper in the store is from 2025-06-23/);
  const bad = await cli(['discover', '--store', store, '--catalog', catalog, '--since', 'yesterday']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--since takes/);
  const missing = await cli(['discover', '--store', join(tempDir(), 'none.sqlite'), '--catalog', catalog]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /E_NO_STORE.*\n.*harvest/);
});

test('accept creates the entry from the store (as add would), reject remembers; both leave discover\'s lists', async () => {
  const { catalog, store } = await setup();
  const a = await cli(['accept', '2506.00104', '--category', 'quantization', '--why-en', 'Two-bit KV caches for long contexts.', '--store', store, '--catalog', catalog]);
  assert.equal(a.code, 0, a.err);
  const file = join(catalog, 'papers', '2506.00104.yaml');
  const yaml = readFileSync(file, 'utf8');
  assert.match(yaml, /^arxiv: "2506\.00104"\ntitle: "?KV Cache Quantization for Long-Context Inference"?\n/);
  assert.match(yaml, /date: 2025-06\n/, 'the month of the id: the digest does not tell the day of v1');
  assert.match(yaml, /categories: \[quantization\]/);
  assert.match(a.out, /refresh/);
  const check = await cli(['check', '--catalog', catalog]);
  assert.equal(check.code, 0, check.out + check.err);

  const r = await cli(['reject', '2506.00105', 'arXiv:2506.00113v2', '--reason', 'off topic', '--store', store, '--catalog', catalog]);
  assert.equal(r.code, 0, r.err);
  const rejected = readRejected(catalog);
  assert.deepEqual(rejected.map((x) => x.arxiv), ['2506.00105', '2506.00113']);
  assert.equal(rejected[0]!.title, 'Mixed-Precision Quantization Search for Transformer Models');
  assert.equal(rejected[0]!.reason, 'off topic');
  const again = await cli(['reject', '2506.00105', '--catalog', catalog, '--store', store]);
  assert.match(again.out, /rejected before/);
  const inCatalog = await cli(['reject', '2506.00101', '--catalog', catalog, '--store', store]);
  assert.equal(inCatalog.code, 1);

  const d = await discover(catalog, store);
  const ids = d.overall.map((s) => s.id);
  assert.ok(!ids.includes('2506.00104') && !ids.includes('2506.00105') && !ids.includes('2506.00113'));
  assert.equal(d.candidates, 9);
  assert.equal(d.categories.find((c) => c.id === 'quantization')!.positives, 4, 'the accepted paper now teaches the ranking');

  // Accepting a rejected paper takes it off the list.
  const back = await cli(['accept', '2506.00113', '--category', 'agents', '--store', store, '--catalog', catalog]);
  assert.equal(back.code, 0, back.err);
  assert.match(back.out, /taken off the rejected list/);
  assert.match(back.out, /reason to read/);
  assert.deepEqual(readRejected(catalog).map((x) => x.arxiv), ['2506.00105']);
});

test('accept refuses what it cannot do, with the reason', async () => {
  const { catalog, store } = await setup();
  const cases: [string[], RegExp][] = [
    [['accept', '2506.00104', '--category', 'nope'], /E_UNKNOWN_CATEGORY/],
    [['accept', '2506.00101', '--category', 'rag'], /E_ALREADY_IN_CATALOG/],
    [['accept', '2506.09999', '--category', 'rag'], /E_NOT_IN_STORE.*\n.*papershelf add/],
    [['accept', 'not-an-id', '--category', 'rag'], /E_BAD_REF/],
  ];
  for (const [args, err] of cases) {
    const r = await cli([...args, '--store', store, '--catalog', catalog]);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.err, err);
  }
  const usage = await cli(['accept', '2506.00104', '--store', store, '--catalog', catalog]);
  assert.equal(usage.code, 2);
  assert.ok(!existsSync(join(catalog, 'papers', '2506.00104.yaml')));
  const dry = await cli(['accept', '2506.00104', '--category', 'rag', '--dry-run', '--store', store, '--catalog', catalog]);
  assert.equal(dry.code, 0);
  assert.ok(!existsSync(join(catalog, 'papers', '2506.00104.yaml')));
});

test('harvest: usage errors, and a daily run reuses the cached features', async () => {
  const { catalog, store } = await setup();
  for (const args of [['harvest'], ['harvest', '--oai', '--api'], ['harvest', '--api'], ['harvest', '--oai', '--category', 'cs.CL'], ['harvest', '--oai', '--metadata-format', 'oai_dc']]) {
    const r = await cli([...args, '--store', store, '--catalog', catalog]);
    assert.equal(r.code, 2, args.join(' '));
  }
  const first = await discover(catalog, store);
  assert.equal(first.categories.length, 4);
  const d1 = JSON.parse((await cli(['discover', '--store', store, '--catalog', catalog, '--format', 'json'])).out);
  assert.equal(d1.features.rebuilt, undefined, 'the second run uses the cached vocabulary');
  assert.equal(d1.features.vectorized, 0);
  // A "day" of new papers: only those are vectorized.
  const h = await cli(['harvest', '--from-file', fixture('snapshot.jsonl'), '--store', store, '--catalog', catalog]);
  assert.equal(h.code, 0, h.err);
  const d2 = JSON.parse((await cli(['discover', '--store', store, '--catalog', catalog, '--format', 'json'])).out);
  assert.equal(d2.features.rebuilt, undefined);
  assert.equal(d2.features.vectorized, 21, 'the chunk the 3 new papers joined is vectorized again, nothing else');
  assert.equal(d2.papers, 21);
});
