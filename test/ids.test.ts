import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arxivMonth, paperStem, parseRef, slugify } from '../src/model/ids.js';

test('parseRef reads every form people paste', () => {
  const cases: [string, unknown][] = [
    ['2305.18290', { kind: 'arxiv', id: '2305.18290' }],
    ['2305.18290v2', { kind: 'arxiv', id: '2305.18290', version: 2 }],
    ['arXiv:2305.18290', { kind: 'arxiv', id: '2305.18290' }],
    ['https://arxiv.org/abs/2305.18290', { kind: 'arxiv', id: '2305.18290' }],
    ['https://arxiv.org/pdf/2305.18290.pdf', { kind: 'arxiv', id: '2305.18290' }],
    ['https://arxiv.org/pdf/2402.01680v1', { kind: 'arxiv', id: '2402.01680', version: 1 }],
    ['https://arxiv.org/html/2305.18290v3', { kind: 'arxiv', id: '2305.18290', version: 3 }],
    ['https://arxiv.org/ftp/arxiv/papers/2312/2312.00752.pdf', { kind: 'arxiv', id: '2312.00752' }],
    ['hep-th/9901001', { kind: 'arxiv', id: 'hep-th/9901001' }],
    ['math.GT/0309136', { kind: 'arxiv', id: 'math.GT/0309136' }],
    ['https://arxiv.org/abs/quant-ph/0201082v1', { kind: 'arxiv', id: 'quant-ph/0201082', version: 1 }],
    ['10.18653/v1/N19-1423', { kind: 'doi', id: '10.18653/v1/n19-1423' }],
    ['https://doi.org/10.1038/nature14539', { kind: 'doi', id: '10.1038/nature14539' }],
    ['https://doi.org/10.48550/arXiv.2305.18290', { kind: 'arxiv', id: '2305.18290' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseRef(input), expected, input);
});

test('parseRef rejects what is not an id', () => {
  for (const s of ['', 'abc', 'https://github.com/x/y', '2305.1829', 'javascript:alert(1)']) assert.equal(parseRef(s), undefined, s);
});

test('arxivMonth reads the submission month from new and old ids', () => {
  assert.equal(arxivMonth('2306.00978'), '2023-06');
  assert.equal(arxivMonth('0704.0001'), '2007-04');
  assert.equal(arxivMonth('hep-th/9901001'), '1999-01');
  assert.equal(arxivMonth('math.GT/0309136'), '2003-09');
});

test('paperStem gives safe file names', () => {
  assert.equal(paperStem({ arxiv: '2305.18290' }), '2305.18290');
  assert.equal(paperStem({ arxiv: 'hep-th/9901001' }), 'hep-th_9901001');
  assert.equal(paperStem({ doi: '10.18653/v1/N19-1423' }), 'doi_10.18653_v1_n19-1423');
  assert.equal(paperStem({ id: 'radford2019language' }), 'radford2019language');
});

test('slugify keeps CJK and folds accents', () => {
  assert.equal(slugify('Quantization-Aware Fine-tuning(QAF)'), 'quantization-aware-fine-tuning-qaf');
  assert.equal(slugify('Réseaux  de neurones'), 'reseaux-de-neurones');
  assert.equal(slugify('基础知识'), '基础知识');
});
