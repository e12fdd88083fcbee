import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PapershelfError } from '../src/model/problems.js';
import { checkRecord, normalizeArxivId, toDay, type HarvestedPaper } from '../src/store/record.js';
import { CHUNK_BITS, resolveStorePath, Store } from '../src/store/store.js';
import { tempDir } from './helpers.js';

const paper = (fields: Partial<HarvestedPaper> = {}): HarvestedPaper => ({ id: '2506.00001', title: 'A title', abstract: 'An abstract.', authors: ['Ada Lovelace'], categories: ['cs.CL'], ...fields });

test('ids are keyed without version; old-style ids keep their archive and drop the subject class', () => {
  assert.deepEqual(normalizeArxivId('2506.00001v3'), { id: '2506.00001', version: 3 });
  assert.deepEqual(normalizeArxivId('oai:arXiv.org:2506.00001'), { id: '2506.00001' });
  assert.deepEqual(normalizeArxivId('http://arxiv.org/abs/hep-th/9901001v2'), { id: 'hep-th/9901001', version: 2 });
  assert.deepEqual(normalizeArxivId('math.GT/0309136'), { id: 'math/0309136' });
  assert.equal(normalizeArxivId('not an id'), undefined);
  assert.equal(toDay('Mon, 2 Apr 2007 19:18:42 GMT'), '2007-04-02');
  assert.equal(toDay('2017-07-27T08:18:33Z'), '2017-07-27');
  assert.equal(toDay('garbage'), undefined);
});

test('records are checked and bounded: foreign category schemes dropped, long abstracts cut, no title refused', () => {
  const r = checkRecord({ id: '2506.00001', title: 'T', abstract: 'x'.repeat(20_000), authors: ['A'], categories: ['cs.CL', 'I.2.7', 'cs.CL'] });
  assert.ok(r.ok);
  assert.deepEqual(r.paper.categories, ['cs.CL']);
  assert.ok(r.paper.abstract.length <= 12_000 && r.paper.abstract.endsWith('…'));
  const bad = checkRecord({ id: '2506.00001', title: '', abstract: '', authors: [], categories: [] });
  assert.equal(bad.ok, false);
  assert.equal(checkRecord({ id: '2506.00001v2', title: 'T', abstract: '', authors: [], categories: [] }).ok, false);
});

test('upserts are idempotent and report what changed', () => {
  const s = Store.open(join(tempDir(), 's.sqlite'));
  try {
    assert.deepEqual(s.upsert([paper(), paper({ id: '2506.00002' })], 'jsonl'), { inserted: 2, updated: 0, unchanged: 0 });
    assert.deepEqual(s.upsert([paper(), paper({ id: '2506.00002' })], 'jsonl'), { inserted: 0, updated: 0, unchanged: 2 });
    assert.deepEqual(s.upsert([paper({ title: 'A better title' })], 'jsonl'), { inserted: 0, updated: 1, unchanged: 0 });
    assert.equal(s.count(), 2);
    assert.equal(s.get('2506.00001')!.title, 'A better title');
  } finally {
    s.close();
  }
});

test('the latest version wins the text; dates merge; a record without version never overwrites a known version', () => {
  const s = Store.open(join(tempDir(), 's.sqlite'));
  try {
    s.upsert([paper({ version: 2, title: 'v2 title', published: '2025-06-02', updated: '2025-06-10' })], 'oai');
    s.upsert([paper({ version: 1, title: 'v1 title', published: '2025-06-02', updated: '2025-06-02' })], 'api');
    assert.equal(s.get('2506.00001')!.title, 'v2 title');
    s.upsert([paper({ title: 'digest title', announced: '2025-06-04' })], 'jsonl');
    let p = s.get('2506.00001')!;
    assert.equal(p.title, 'v2 title', 'an unversioned record does not replace v2 text');
    assert.equal(p.announced, '2025-06-04', 'but it adds what it knows');
    assert.equal(p.version, 2);
    s.upsert([paper({ version: 3, title: 'v3 title', published: '2025-06-02', updated: '2025-06-20', abstract: '' })], 'oai');
    p = s.get('2506.00001')!;
    assert.equal(p.title, 'v3 title');
    assert.equal(p.abstract, 'An abstract.', 'an empty abstract never erases one');
    assert.deepEqual([p.published, p.updated, p.version], ['2025-06-02', '2025-06-20', 3]);
  } finally {
    s.close();
  }
});

test('a paper whose text changes loses its cached features; the page and its checkpoint commit together', () => {
  const s = Store.open(join(tempDir(), 's.sqlite'));
  try {
    s.upsert([paper()], 'jsonl', { key: 'k', token: 't1', harvested: 1, total: null, done: null });
    assert.equal(s.getCheckpoint('k')!.token, 't1');
    const gen = s.replaceVocab('{}', 1, ['a']);
    const n = s.get('2506.00001')!.n;
    assert.deepEqual(s.staleChunks(gen), [n >> CHUNK_BITS], 'nothing cached yet');
    s.putChunks(gen, [{ chunk: n >> CHUNK_BITS, ns: Int32Array.from([n]), offsets: Int32Array.from([0, 1]), data: Uint32Array.from([(0 << 8) | 1]) }]);
    assert.deepEqual(s.staleChunks(gen), []);
    const [c] = [...s.featureChunks(gen)];
    assert.deepEqual([[...c!.ns], [...c!.offsets], [...c!.data]], [[n], [0, 1], [1]]);
    s.upsert([paper()], 'jsonl');
    assert.deepEqual(s.staleChunks(gen), [], 'same text: the cache stays');
    s.upsert([paper({ abstract: 'A new abstract.' })], 'jsonl');
    assert.deepEqual(s.staleChunks(gen), [n >> CHUNK_BITS], 'new text: its chunk is dropped');
    s.putChunks(gen, [{ chunk: n >> CHUNK_BITS, ns: Int32Array.from([n]), offsets: Int32Array.from([0, 1]), data: Uint32Array.from([(0 << 8) | 1]) }]);
    s.upsert([paper({ id: '2506.00009' })], 'jsonl');
    assert.deepEqual(s.staleChunks(gen), [n >> CHUNK_BITS], 'a new paper in the chunk: vectorized with it');
    // A failing write rolls the whole page back, checkpoint included.
    assert.throws(() => s.upsert([paper({ id: '2506.00003' }), { ...paper({ id: '2506.00004' }), title: null as unknown as string }], 'jsonl', { key: 'k', token: 't2', harvested: 3, total: null, done: null }));
    assert.equal(s.get('2506.00003'), undefined);
    assert.equal(s.getCheckpoint('k')!.token, 't1');
  } finally {
    s.close();
  }
});

test('a file that is not a store is refused with a hint, not a stack trace', () => {
  const dir = tempDir();
  const junk = join(dir, 'junk.sqlite');
  writeFileSync(junk, 'this is not a database'.repeat(100));
  assert.throws(() => Store.open(junk), (e: unknown) => e instanceof PapershelfError && e.problems[0]!.code === 'E_STORE');
  assert.throws(() => Store.open(join(dir, 'missing.sqlite'), { readonly: true }), (e: unknown) => e instanceof PapershelfError && /harvest/.test(e.problems[0]!.hint ?? ''));
});

test('the store path: --store, else $PAPERSHELF_STORE, else the user cache folder', () => {
  assert.match(resolveStorePath('x.sqlite', {}), /x\.sqlite$/);
  assert.equal(resolveStorePath(undefined, { PAPERSHELF_STORE: '/tmp/a.sqlite' }), '/tmp/a.sqlite');
  assert.equal(resolveStorePath(undefined, { XDG_CACHE_HOME: '/tmp/cache' }), '/tmp/cache/papershelf/store.sqlite');
});
