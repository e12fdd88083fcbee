/** Issue 5: the small pure helpers of the exporters and feeds, each on its own. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bibtexFields, bibtexName, bibtexTitle, latex } from '../src/export/bibtex.js';
import { baseKey, bibtexKeys } from '../src/export/keys.js';
import { cslName } from '../src/export/csl.js';
import { citeYear, doiUrl, foldAscii, joinChunked, jsonArray as jsonArrayInto, paperLink, pdfLink, reason, select, splitName, Utf8Sink, venueKind, venueName, venueYear } from '../src/export/paper.js';
import { csvField } from '../src/export/csv.js';
import { risName } from '../src/export/ris.js';
import { dayToDate, escapeXml, rfc3339, rfc822 } from '../src/export/xml.js';
import type { Paper, Taxonomy } from '../src/model/schema.js';

const paper = (fields: Partial<Paper> = {}): Paper => ({ arxiv: '2305.18290', title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', authors: ['Rafael Rafailov', 'Archit Sharma'], date: '2023-05-29', categories: ['rlhf'], added: '2026-01-01', ...fields });

test('escapeXml escapes the five XML characters and drops characters XML 1.0 forbids', () => {
  assert.equal(escapeXml(`a & b < c > d "e" 'f'`), 'a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
  assert.equal(escapeXml('bell\u0007 nul\u0000 ff\u000c tab\t nl\n cr\r'), 'bell nul ff tab\t nl\n cr\r');
  assert.equal(escapeXml('lone \ud800 surrogate \udc00 end'), 'lone  surrogate  end');
  assert.equal(escapeXml('pair 😀 kept, 中文 kept'), 'pair 😀 kept, 中文 kept');
  assert.equal(escapeXml('\ufffe\uffff'), '');
  assert.equal(escapeXml('&amp;'), '&amp;amp;', 'already-escaped text is text: escaped again');
});

test('feed dates: RFC 822 for RSS, RFC 3339 for Atom and JSON Feed, days at midnight UTC', () => {
  const d = dayToDate('2026-11-27');
  assert.equal(rfc822(d), 'Fri, 27 Nov 2026 00:00:00 GMT');
  assert.equal(rfc3339(d), '2026-11-27T00:00:00Z');
  assert.equal(rfc3339(new Date(Date.UTC(2024, 1, 29, 13, 5, 9, 999))), '2024-02-29T13:05:09Z');
  assert.equal(rfc822(new Date(Date.UTC(2024, 0, 5, 7, 8, 9))), 'Fri, 05 Jan 2024 07:08:09 GMT');
  assert.throws(() => dayToDate('2026-13-45'), RangeError);
});

test('splitName: given/family, particles, suffixes, "Family, Given" and one-word names', () => {
  assert.deepEqual(splitName('Rafael Rafailov'), { given: 'Rafael', family: 'Rafailov' });
  assert.deepEqual(splitName('Christopher D. Manning'), { given: 'Christopher D.', family: 'Manning' });
  assert.deepEqual(splitName('Tom Dupré la Tour'), { given: 'Tom Dupré', family: 'la Tour' });
  assert.deepEqual(splitName('Ludwig van der Berg'), { given: 'Ludwig', family: 'van der Berg' });
  assert.deepEqual(splitName('Martin Luther King Jr.'), { given: 'Martin Luther', family: 'King', suffix: 'Jr.' });
  assert.deepEqual(splitName('King, Jr., Martin Luther'), { given: 'Martin Luther', family: 'King', suffix: 'Jr.' });
  assert.deepEqual(splitName('Rafailov, Rafael'), { given: 'Rafael', family: 'Rafailov' });
  assert.deepEqual(splitName('OpenAI'), { given: '', family: 'OpenAI' });
  assert.deepEqual(splitName('  Ada   Lovelace '), { given: 'Ada', family: 'Lovelace' });
});

test('foldAscii folds accents and the letters Unicode does not decompose', () => {
  assert.equal(foldAscii('Łańcucki Müller Søren Straße Æsir Đoković ı'), 'Lancucki Muller Soren Strasse AEsir Dokovic i');
  assert.equal(foldAscii('张伟'), '张伟');
});

test('venues: year, name without year, journal or proceedings', () => {
  assert.equal(venueYear('NeurIPS 2023'), '2023');
  assert.equal(venueYear('NeurIPS 2023 (Datasets and Benchmarks)'), '2023');
  assert.equal(venueYear('TMLR'), undefined);
  assert.equal(venueYear(undefined), undefined);
  assert.equal(venueName('NeurIPS 2023'), 'NeurIPS');
  assert.equal(venueName('NeurIPS 2023 (Datasets and Benchmarks)'), 'NeurIPS (Datasets and Benchmarks)');
  assert.equal(venueName('EMC² Workshop at NeurIPS 2019'), 'EMC² Workshop at NeurIPS');
  assert.equal(venueName('2024'), '2024', 'a venue that is only a year keeps it');
  for (const v of ['JMLR 2020', 'TMLR', 'TACL 2024', 'Nature 2023', 'ACM Transactions on Information Systems', 'Science China Information Sciences 2025', 'VLDB 2023']) assert.equal(venueKind(v), 'journal', v);
  for (const v of ['NeurIPS 2023', 'ICLR 2024', 'Findings of ACL 2024', 'EMC² Workshop at NeurIPS 2019', 'OSDI 2024', 'OpenReview preprint']) assert.equal(venueKind(v), 'proceedings', v);
});

test('citeYear prefers the venue year; links: arXiv, else DOI, else landing page; PDF', () => {
  assert.equal(citeYear(paper({ date: '2019-10-23', venue: 'JMLR 2020' })), '2020');
  assert.equal(citeYear(paper({ venue: undefined })), '2023');
  assert.equal(citeYear(paper({ date: undefined, venue: undefined })), undefined);
  assert.equal(paperLink(paper()), 'https://arxiv.org/abs/2305.18290');
  assert.equal(paperLink(paper({ arxiv: undefined, doi: '10.18653/v1/N19-1423' })), 'https://doi.org/10.18653/v1/N19-1423');
  assert.equal(doiUrl('10.1002/(SICI)1097-4571#x<y>'), 'https://doi.org/10.1002/(SICI)1097-4571%23x%3Cy%3E');
  assert.equal(paperLink(paper({ arxiv: undefined, url: 'https://example.org/p' })), 'https://example.org/p');
  assert.equal(pdfLink(paper()), 'https://arxiv.org/pdf/2305.18290');
  assert.equal(pdfLink(paper({ links: { pdf: 'https://x.org/a.pdf' } })), 'https://x.org/a.pdf');
  assert.equal(pdfLink(paper({ arxiv: undefined })), undefined);
});

test('reason: English first, else Chinese, blank reasons are none', () => {
  assert.deepEqual(reason({ why: { en: ' Read it. ', zh: '读它。' } }), { text: 'Read it.', lang: 'en' });
  assert.deepEqual(reason({ why: { en: '  ', zh: '读它。' } }), { text: '读它。', lang: 'zh' });
  assert.equal(reason({}), undefined);
});

test('select: categories include their sub-categories, tags must all match, unknown ids are problems', () => {
  const taxonomy: Taxonomy = { title: 'T', categories: [{ id: 'a', name: { en: 'A' }, children: [{ id: 'a1', name: { en: 'A1' } }] }, { id: 'b', name: { en: 'B' } }], tags: [{ id: 'x', name: { en: 'X' } }, { id: 'y', name: { en: 'Y' } }] };
  const items = [{ n: 1, categories: ['a'], tags: ['x'] }, { n: 2, categories: ['a1'], tags: ['x', 'y'] }, { n: 3, categories: ['b'] }];
  const pick = (sel: { category?: string[]; tag?: string[] }) => select(items, (i) => i, taxonomy, sel).map((i) => i.n);
  assert.deepEqual(pick({}), [1, 2, 3]);
  assert.deepEqual(pick({ category: ['a'] }), [1, 2]);
  assert.deepEqual(pick({ category: ['a1', 'b'] }), [2, 3]);
  assert.deepEqual(pick({ tag: ['x'] }), [1, 2]);
  assert.deepEqual(pick({ tag: ['x', 'y'] }), [2]);
  assert.deepEqual(pick({ category: ['b'], tag: ['x'] }), []);
  assert.throws(() => pick({ category: ['nope'] }), (e: Error & { problems?: { code: string }[] }) => e.problems?.[0]?.code === 'E_UNKNOWN_CATEGORY');
  assert.throws(() => pick({ tag: ['nope'] }), (e: Error & { problems?: { code: string }[] }) => e.problems?.[0]?.code === 'E_UNKNOWN_TAG');
});

test('latex: specials and non-ASCII become braced LaTeX, plain ASCII stays, braces always balance', () => {
  assert.equal(latex('Plain ASCII title'), 'Plain ASCII title');
  assert.equal(latex('Adrian Łańcucki'), 'Adrian {\\L}a{\\\'n}cucki');
  assert.equal(latex('Ömer Akgül'), '{\\"O}mer Akg{\\"u}l');
  assert.equal(latex('50% & $5 #1 a_b'), '50\\% \\& \\$5 \\#1 a\\_b');
  assert.equal(latex('{x} ~ ^ \\'), '{\\textbraceleft}x{\\textbraceright} {\\textasciitilde} {\\textasciicircum} {\\textbackslash}');
  assert.equal(latex('line\nbreak\u0007 and  spaces'), 'line break and spaces');
  assert.equal(latex('张伟'), '张伟', 'CJK stays UTF-8 (XeLaTeX, LuaLaTeX, biber)');
  for (const s of ['}{', '{{{', 'a}b', '\\{', 'x^{2}_y', 'Ǆ ǅ', '“quoted” — dash']) {
    const out = latex(s);
    let depth = 0;
    for (const c of out.replace(/\\[{}]/g, '')) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      assert.ok(depth >= 0, `${s} → ${out}`);
    }
    assert.equal(depth, 0, `${s} → ${out}`);
  }
});

test('bibtexTitle protects acronyms and inner capitals, not ordinary capitalised words', () => {
  assert.equal(bibtexTitle('LLaMA: Open and Efficient Foundation Language Models'), '{LLaMA}: Open and Efficient Foundation Language Models');
  assert.equal(bibtexTitle('GPT-4 Technical Report'), '{GPT-4} Technical Report');
  assert.equal(bibtexTitle('Language Models are Few-Shot Learners'), 'Language Models are Few-Shot Learners');
  assert.equal(bibtexTitle('Exploring T5 (and RLHF)'), 'Exploring {T5} (and {RLHF})');
  assert.equal(bibtexTitle('QuIP#: Even Better'), '{QuIP}\\#: Even Better');
  assert.equal(bibtexTitle('GPQA: A Graduate-Level Google-Proof Q&A Benchmark'), '{GPQA}: A Graduate-Level Google-Proof {Q\\&A} Benchmark');
});

test('bibtexName: "Family, Given" (with the suffix in BibTeX\'s place), one-word names and "and" braced', () => {
  assert.equal(bibtexName('Rafael Rafailov'), 'Rafailov, Rafael');
  assert.equal(bibtexName('Tom Dupré la Tour'), 'la Tour, Tom Dupr{\\\'e}');
  assert.equal(bibtexName('Martin Luther King Jr.'), 'King, Jr., Martin Luther');
  assert.equal(bibtexName('Ömer Faruk Akgül'), 'Akg{\\"u}l, {\\"O}mer Faruk');
  assert.equal(bibtexName('OpenAI'), '{OpenAI}');
  assert.equal(bibtexName('Research and Development Team'), '{Research and Development Team}');
});

test('citation keys: readable, from facts that do not change on publication', () => {
  assert.equal(baseKey(paper()), 'rafailov2023direct');
  assert.equal(baseKey(paper({ venue: 'NeurIPS 2023' })), 'rafailov2023direct');
  assert.equal(baseKey(paper({ title: 'The GPT-4 Technical Report', authors: ['OpenAI'] })), 'openai2023gpt4');
  assert.equal(baseKey(paper({ title: 'On the Opportunities', authors: ['Adrian Łańcucki'] })), 'lancucki2023opportunities');
  assert.equal(baseKey(paper({ authors: ['Tom Dupré la Tour'] })), 'latour2023direct');
  assert.equal(baseKey(paper({ authors: undefined, date: undefined })), 'anonnddirect');
  assert.equal(baseKey(paper({ authors: ['张伟'] })), 'anon2023direct');
});

test('citation keys are unique; clashes are settled by added then stem, so new papers never rename old keys', () => {
  const p = (stem: string, added: string, title = 'Direct Things') => ({ stem, data: paper({ arxiv: undefined, id: stem, title, added }) });
  const first = bibtexKeys([p('b', '2026-01-02'), p('a', '2026-01-03'), p('c', '2026-01-02'), p('z', '2026-01-01', 'Other')]);
  assert.deepEqual(Object.fromEntries(first), { b: 'rafailov2023direct', a: 'rafailov2023directc', c: 'rafailov2023directb', z: 'rafailov2023other' });
  // A paper added later with the same key gets the next suffix; the existing keys stay.
  const later = bibtexKeys([p('0', '2026-05-01'), p('b', '2026-01-02'), p('a', '2026-01-03'), p('c', '2026-01-02')]);
  assert.equal(later.get('b'), 'rafailov2023direct');
  assert.equal(later.get('c'), 'rafailov2023directb');
  assert.equal(later.get('a'), 'rafailov2023directc');
  assert.equal(later.get('0'), 'rafailov2023directd');
  // A suffixed key never takes another paper's bare key.
  const tricky = bibtexKeys([p('x', '2026-01-01', 'Direct'), p('y', '2026-01-02', 'Direct'), p('w', '2026-01-01', 'Directb')]);
  assert.equal(new Set(tricky.values()).size, 3);
  assert.equal(tricky.get('w'), 'rafailov2023directb');
  assert.equal(tricky.get('y'), 'rafailov2023directc');
  // Thirty clashes still give thirty keys.
  const many = bibtexKeys(Array.from({ length: 30 }, (_, i) => p(`s${String(i).padStart(2, '0')}`, '2026-01-01')));
  assert.equal(new Set(many.values()).size, 30);
  assert.equal(many.get('s29'), 'rafailov2023directbd');
});

test('bibtexFields: @misc for preprints with eprint, @inproceedings/@article with the venue', () => {
  const pre = bibtexFields(paper());
  assert.equal(pre.type, 'misc');
  assert.deepEqual(Object.fromEntries(pre.fields), { title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', author: 'Rafailov, Rafael and Sharma, Archit', year: '2023', eprint: '2305.18290', archivePrefix: 'arXiv', url: 'https://arxiv.org/abs/2305.18290' });
  const conf = bibtexFields(paper({ venue: 'NeurIPS 2023', et_al: true }));
  assert.equal(conf.type, 'inproceedings');
  assert.equal(Object.fromEntries(conf.fields).booktitle, 'NeurIPS');
  assert.equal(Object.fromEntries(conf.fields).author, 'Rafailov, Rafael and Sharma, Archit and others');
  const journal = bibtexFields(paper({ date: '2019-10-23', venue: 'JMLR 2020' }));
  assert.equal(journal.type, 'article');
  assert.deepEqual([Object.fromEntries(journal.fields).journal, Object.fromEntries(journal.fields).year], ['JMLR', '2020']);
  const old = Object.fromEntries(bibtexFields(paper({ arxiv: 'math.GT/0309136', date: '2003-09' })).fields);
  assert.equal(old.primaryClass, 'math.GT');
  const doi = Object.fromEntries(bibtexFields(paper({ arxiv: undefined, doi: '10.1000/a{b}' })).fields);
  assert.equal(doi.doi, '10.1000/a%7Bb%7D');
  assert.equal(doi.eprint, undefined);
  const anon = Object.fromEntries(bibtexFields(paper({ authors: undefined })).fields);
  assert.equal(anon.author, undefined);
  assert.ok(anon.key, 'entries without authors get a sort key');
});

test('RIS and CSL names', () => {
  assert.equal(risName('Christopher D. Manning'), 'Manning, Christopher D.');
  assert.equal(risName('Martin Luther King Jr.'), 'King, Martin Luther, Jr.');
  assert.equal(risName('OpenAI'), 'OpenAI');
  assert.deepEqual(cslName('Tom Dupré la Tour'), { family: 'la Tour', given: 'Tom Dupré' });
  assert.deepEqual(cslName('OpenAI'), { literal: 'OpenAI' });
  assert.deepEqual(cslName('Martin Luther King Jr.'), { family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
});

test('csvField: RFC 4180 quoting, formulas defused', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField(''), '');
  assert.equal(csvField('a, b'), '"a, b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  for (const f of ['+1', '-1', '@SUM(A1)', '\tx']) assert.equal(csvField(f), `'${f}`);
  assert.equal(csvField('a-b = c'), 'a-b = c', 'only a leading sign is a formula');
});

test('joinChunked gives exactly map + join, for any number of items', () => {
  for (const n of [0, 1, 255, 256, 257, 1000]) {
    const items = Array.from({ length: n }, (_, i) => i);
    for (const sep of ['', '\n', '\r\n']) {
      assert.equal(joinChunked(items, (i) => `<${i}>`, sep).toString(), items.map((i) => `<${i}>`).join(sep), `${n} ${JSON.stringify(sep)}`);
      assert.equal(joinChunked(items, (i) => (i % 3 ? '' : 'x'), sep).toString(), items.map((i) => (i % 3 ? '' : 'x')).join(sep), 'empty pieces keep their separators');
    }
  }
  // Entries long enough to fill several pieces.
  const big = Array.from({ length: 50 }, (_, i) => String(i).repeat(20_000));
  assert.equal(joinChunked(big, (s) => s, '\n').toString(), big.join('\n'));
  assert.equal(joinChunked(['a', 'b'], (s) => s, ',', '[', ']').toString(), '[a,b]', 'prefix and suffix');
});

const jsonArray = <T>(items: T[], f: (x: T) => unknown, depth: number) => {
  const sink = new Utf8Sink();
  jsonArrayInto(items, f, depth, sink);
  return sink.bytes().toString();
};

test('jsonArray gives exactly the text JSON.stringify(…, null, 2) writes for an array at any depth', () => {
  for (const n of [0, 1, 63, 64, 65, 200]) {
    const items = Array.from({ length: n }, (_, i) => ({ i, s: `"q"\n中文 ${i}`, list: [i, { deep: [] }], empty: {} }));
    assert.equal(jsonArray(items, (x) => x, 0), JSON.stringify(items, null, 2), `depth 0, ${n}`);
    assert.equal(`{\n  "a": ${jsonArray(items, (x) => x, 1)}\n}`, JSON.stringify({ a: items }, null, 2), `depth 1, ${n}`);
    assert.equal(`{\n  "a": {\n    "b": ${jsonArray(items, (x) => x, 2)}\n  }\n}`, JSON.stringify({ a: { b: items } }, null, 2), `depth 2, ${n}`);
  }
});
