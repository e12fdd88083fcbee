import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dfBounds, RANK_DEFAULTS } from '../src/rank/defaults.js';
import { tfidfMatrix } from '../src/rank/matrix.js';
import { rank, topK, trainCategory, trainingSet } from '../src/rank/rank.js';
import { decision, trainSvm } from '../src/rank/svm.js';
import { PairMap, WordTable } from '../src/rank/tables.js';
import { words } from '../src/rank/tokenize.js';
import { packRows, rowOf, vectorize, vocabularyOf, VocabularyBuilder } from '../src/rank/vectorize.js';

const P = { ...RANK_DEFAULTS, minDf: 1, maxDf: 1, titleWeight: 1, authors: false };

test('words follow the recipe\'s token pattern: accents stripped, lower case, 2+ characters, not starting with a digit', () => {
  assert.deepEqual(words('The naïve LoRA-based 3D model, GPT4o and x_y: a 7B LLM!'), ['naive', 'lora', 'based', 'model', 'gpt4o', 'x_y', 'llm']);
  // ß is a letter but not [a-z]: like the recipe's \b-bounded pattern, the whole word is dropped, not cut to "gro".
  assert.deepEqual(words('Über-große Modelle, ßeta αβ-test'), ['uber', 'modelle', 'test']);
});

test('the word table interns by characters, and pairs map to values', () => {
  const t = new WordTable(4);
  const s = 'alpha beta alpha gamma';
  const id = (a: number, b: number) => t.intern(s, a, b, WordTable.hash(s, a, b));
  const a = id(0, 5);
  const b = id(6, 10);
  assert.equal(id(11, 16), a);
  assert.notEqual(a, b);
  for (let i = 0; i < 100; i++) t.intern(`w${i}`, 0, `w${i}`.length, WordTable.hash(`w${i}`, 0, `w${i}`.length)); // forces rehashing
  assert.equal(id(0, 5), a);
  assert.equal(t.word(b), 'beta');
  const m = new PairMap([[1, 2, 7], [2, 1, 9]]);
  assert.deepEqual([m.get(1, 2), m.get(2, 1), m.get(1, 1)], [7, 9, -1]);
});

const docs = [
  { title: 'quantization of language models', abstract: 'weight quantization keeps language models small', authors: [] },
  { title: 'retrieval augmented generation', abstract: 'retrieval of documents grounds generation', authors: [] },
  { title: 'quantization aware training', abstract: 'training with quantization noise', authors: [] },
  { title: 'robots walking', abstract: 'legged robots walk on rough terrain', authors: [] },
];

test('the corpus builder and the one-paper vectorizer give the same counts; bigrams skip stop words', () => {
  const b = new VocabularyBuilder(P);
  for (const d of docs) b.add(d);
  const { terms, corpus } = b.finish();
  const rows = docs.map((_, i) => rowOf(corpus, i));
  assert.ok(terms.includes('quantization'));
  assert.ok(terms.includes('language models'));
  assert.ok(terms.includes('quantization language'), 'the bigram jumps over "of"');
  assert.deepEqual([...terms].sort(), terms, 'terms in alphabetical order');
  const v = vocabularyOf(terms);
  docs.forEach((d, i) => assert.deepEqual([...vectorize(d, v, P)], [...rows[i]!]));
  // quantization appears twice in doc 0.
  const q = terms.indexOf('quantization');
  assert.equal([...rows[0]!].find((x) => x >>> 8 === q)! & 0xff, 2);
});

test('document-frequency bounds and the vocabulary size are applied; small stores keep a vocabulary', () => {
  const b = new VocabularyBuilder({ ...P, minDf: 2, maxFeatures: 3 });
  for (const d of docs) b.add(d);
  const { terms } = b.finish();
  assert.ok(terms.length <= 3 && terms.includes('quantization'));
  assert.deepEqual(dfBounds(RANK_DEFAULTS, 74_728), { minDf: 5, maxCount: 7472 });
  assert.deepEqual(dfBounds(RANK_DEFAULTS, 30), { minDf: 1, maxCount: 15 });
});

test('TF-IDF: sublinear tf, smooth idf, unit rows — the numbers scikit-learn gives', () => {
  // Two terms; term 0 in both documents, term 1 only in the first, twice.
  const rows = [new Uint32Array([(0 << 8) | 1, (1 << 8) | 2]), new Uint32Array([(0 << 8) | 1])];
  const { X, idf } = tfidfMatrix(packRows(rows), 2, { sublinearTf: true, smoothIdf: true });
  assert.ok(Math.abs(idf[0]! - 1) < 1e-6);
  assert.ok(Math.abs(idf[1]! - (Math.log(3 / 2) + 1)) < 1e-6);
  const a = 1;
  const b = (1 + Math.log(2)) * (Math.log(3 / 2) + 1);
  const norm = Math.hypot(a, b);
  assert.ok(Math.abs(X.data[0]! - a / norm) < 1e-6 && Math.abs(X.data[1]! - b / norm) < 1e-6);
  assert.equal(X.data[2], 1);
});

test('the SVM separates, and is deterministic', () => {
  const rows = [new Uint32Array([(0 << 8) | 3]), new Uint32Array([(0 << 8) | 2, (2 << 8) | 1]), new Uint32Array([(1 << 8) | 3]), new Uint32Array([(1 << 8) | 1, (2 << 8) | 1]), new Uint32Array([(2 << 8) | 2])];
  const { X } = tfidfMatrix(packRows(rows), 3, { sublinearTf: true, smoothIdf: true });
  const train = Int32Array.from([0, 1, 2, 3, 4]);
  const y = Int8Array.from([1, 1, -1, -1, -1]);
  const m = trainSvm(X, train, y, { C: 1, tolerance: 1e-6, maxEpochs: 1000 });
  const s = decision(X, m);
  assert.ok(s[0]! > 0 && s[1]! > 0 && s[2]! < 0 && s[3]! < 0 && s[4]! < 0, `scores ${[...s]}`);
  assert.deepEqual([...trainSvm(X, train, y, { C: 1, tolerance: 1e-6, maxEpochs: 1000 }).w], [...m.w]);
  const t = trainingSet(100, Int32Array.from([3, 7]), 10, 'cat');
  assert.equal(t.train.length, 12);
  assert.deepEqual([...t.train.subarray(0, 2)], [3, 7]);
  assert.ok([...t.train.subarray(2)].every((r) => r !== 3 && r !== 7));
  assert.deepEqual([...trainingSet(100, Int32Array.from([3, 7]), 10, 'cat').train], [...t.train], 'the same sample every run');
});

test('rank: per category and overall, with the terms that weigh most and the closest catalog papers', () => {
  const papers = [
    ...['quantization of weights to four bits', 'low bit quantization of activations', 'quantization aware fine tuning'].map((t) => ({ title: t, abstract: `${t} for language models`, authors: [] })),
    ...['retrieval augmented generation', 'dense retrieval for question answering', 'retrieval of documents for generation'].map((t) => ({ title: t, abstract: `${t} with language models`, authors: [] })),
    { title: 'post training quantization with rotations', abstract: 'rotations make quantization of activations easy', authors: [] },
    { title: 'retrieval augmented agents', abstract: 'agents that call retrieval tools', authors: [] },
    { title: 'legged robots', abstract: 'walking on rough terrain', authors: [] },
  ];
  const b = new VocabularyBuilder(P);
  for (const d of papers) b.add(d);
  const { terms, corpus } = b.finish();
  const { X } = tfidfMatrix(corpus, terms.length, P);
  const models = [trainCategory(X, { id: 'quantization', positives: Int32Array.from([0, 1, 2]) }, P), trainCategory(X, { id: 'rag', positives: Int32Array.from([3, 4, 5]) }, P)];
  const r = rank({ X, terms, models, candidates: Int32Array.from([6, 7, 8]), catalogRows: Int32Array.from([0, 1, 2, 3, 4, 5]), top: 3, params: P });
  assert.equal(r.overall.length, 3);
  const byRow = new Map(r.overall.map((x) => [x.row, x]));
  assert.equal(byRow.get(6)!.category, 'quantization');
  assert.equal(byRow.get(7)!.category, 'rag');
  assert.equal(r.overall.at(-1)!.row, 8, 'the robots paper comes last');
  assert.equal(r.byCategory.get('quantization')![0]!.row, 6);
  assert.equal(r.byCategory.get('rag')![0]!.row, 7);
  assert.ok(byRow.get(6)!.terms.some((t) => t.term === 'quantization'));
  assert.ok([0, 1, 2].includes(byRow.get(6)!.closest[0]!.row), 'closest to a quantization paper');
});

test('topK keeps the k best, best first, ties by row, and skips what is not a number', () => {
  const rows = [10, 11, 12, 13, 14, 15];
  const scores = [0.5, 2, -Infinity, 2, 1, NaN];
  assert.deepEqual(topK(rows, scores, 3), [{ row: 11, score: 2 }, { row: 13, score: 2 }, { row: 14, score: 1 }]);
  assert.deepEqual(topK(rows, scores, 10).map((x) => x.row), [11, 13, 14, 10]);
  assert.deepEqual(topK(rows, scores, 0), []);
  const many = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5003);
  assert.deepEqual(topK(many.map((_, i) => i), many, 5).map((x) => x.score), [...many].sort((a, b) => b - a).slice(0, 5));
});
