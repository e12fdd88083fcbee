/** `check --remote`: hand-written facts against the sources, each disagreement a problem with file and line. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkRemote } from '../src/commands/check.js';
import { importList } from '../src/commands/import.js';
import { remoteProblems, titleOverlap } from '../src/check/remote.js';
import { FIXTURES, paperYaml, TAXONOMY, tree } from './helpers.js';
import { binAsync, ReplayServer, serverEnv, tempDir, testSources } from './sources-replay.js';

let server: ReplayServer;
before(async () => {
  server = await ReplayServer.start();
});
after(() => server.close());

test('against the sources, the seed-style list\'s errors are flagged where they are', async () => {
  const dir = join(tempDir(), 'catalog');
  importList({ catalog: dir, file: join(FIXTURES, 'seed-style.md'), today: '2026-01-01' });
  const { sources } = testSources(server);
  const r = await checkRemote({ catalog: dir, outputs: false, sources });
  const remote = r.problems.filter((p) => /REMOTE/.test(p.code)).map((p) => `${p.file!.split('/').pop()}:${p.line} ${p.code}`);
  assert.deepEqual(remote.sort(), ['2005.14165-2.yaml:1 E_REMOTE_WRONG_ID', '2306.00978.yaml:3 E_REMOTE_DATE', '2307.09288.yaml:2 E_REMOTE_TITLE'].sort());
  const wrong = r.problems.find((p) => p.code === 'E_REMOTE_WRONG_ID')!;
  assert.equal(wrong.message, 'arXiv 2005.14165 is "Language Models are Few-Shot Learners", not "Wrong link on purpose": the id points at another paper');
  const date = r.problems.find((p) => p.code === 'E_REMOTE_DATE')!;
  assert.equal(date.message, 'date 2023-10 is not the date of the first version on arXiv (2023-06-01)');
  assert.equal(date.hint, 'set date: 2023-06-01');
  assert.ok(r.errors >= 3);
  assert.equal(server.log.filter((l) => l.source === 's2').length, 0, 'check --remote needs only arXiv and the DOI registry');
});

test('authors: missing, added, misspelled and reordered names, each at its line', async () => {
  const dir = join(
    tree({
      'catalog/taxonomy.yaml': TAXONOMY,
      'catalog/papers/2305.18290.yaml': paperYaml({ authors: '\n  - Rafael Rafailov\n  - Archit Sharma\n  - Geoffrey Hinton\n  - Eric Mitchel' }),
      'catalog/papers/doi_10.1162_neco.1997.9.8.1735.yaml': paperYaml({ arxiv: '', doi: '"10.1162/neco.1997.9.8.1735"', title: 'Long Short-Term Memory', authors: '[Jurgen Schmidhuber, Sepp Hochreiter]', date: '"1998"' }),
      'catalog/papers/2106.09685.yaml': paperYaml({ arxiv: '"2106.09685"', title: '"LORA: LOW-RANK ADAPTATION OF LARGE LANGUAGE MODEL"', authors: '[Edward J. Hu, Yelong Shen]', et_al: 'true', date: '2021-06' }),
      'catalog/papers/2312.99999.yaml': paperYaml({ arxiv: '"2312.99999"', title: 'A paper arXiv does not have', date: '2023-12' }),
    }),
    'catalog',
  );
  const { sources } = testSources(server);
  const r = await checkRemote({ catalog: dir, outputs: false, sources });
  const got = r.problems.filter((p) => /REMOTE/.test(p.code)).map((p) => `${p.file!.split('/').pop()}:${p.line}:${p.column} ${p.code} ${p.message}`);
  assert.deepEqual(got, [
    '2106.09685.yaml:2:1 E_REMOTE_TITLE the title differs from arXiv\'s: "LoRA: Low-Rank Adaptation of Large Language Models"',
    '2305.18290.yaml:3:1 E_REMOTE_AUTHORS 3 author(s) on arXiv are missing here: Stefano Ermon, Christopher D. Manning, Chelsea Finn',
    '2305.18290.yaml:6:5 E_REMOTE_AUTHORS "Geoffrey Hinton" is not an author of arXiv 2305.18290',
    '2305.18290.yaml:7:5 W_REMOTE_AUTHOR_SPELLING author "Eric Mitchel" is written "Eric Mitchell" on arXiv',
    '2312.99999.yaml:1:1 E_REMOTE_NOT_FOUND arXiv has no paper 2312.99999',
    'doi_10.1162_neco.1997.9.8.1735.yaml:2:1 E_REMOTE_AUTHORS the authors are in another order than on the DOI registry: Sepp Hochreiter, Jürgen Schmidhuber',
    'doi_10.1162_neco.1997.9.8.1735.yaml:2:11 W_REMOTE_AUTHOR_SPELLING author "Jurgen Schmidhuber" is written "Jürgen Schmidhuber" on the DOI registry',
    'doi_10.1162_neco.1997.9.8.1735.yaml:3:1 W_REMOTE_DATE date 1998 differs from the publication date the DOI registry records (1997-11-01)',
  ]);
});

test('the remote rules are pure: a source that could not be asked is one warning, not a wrong verdict', () => {
  const e = { file: 'papers/x.yaml', stem: 'x', text: 'arxiv: "2305.18290"\ntitle: X\n', data: { arxiv: '2305.18290', title: 'X', categories: ['a'], added: '2026-01-01' } };
  const down = { ok: false as const, code: 'E_SOURCE_UNAVAILABLE', message: 'arXiv: export.arxiv.org answered HTTP 503 (gave up after 5 attempts)' };
  const p = remoteProblems([e, { ...e, file: 'papers/y.yaml' }], new Map([['papers/x.yaml', down], ['papers/y.yaml', down]]));
  assert.deepEqual(p.map((x) => [x.code, x.severity, x.file, x.message]), [['W_REMOTE_UNAVAILABLE', 'warning', undefined, '2 paper(s) not checked: arXiv: export.arxiv.org answered HTTP 503 (gave up after 5 attempts)']]);
  const same = { ok: true as const, value: { source: 'arXiv', id: '2305.18290', url: 'u', title: 'x', authors: [], exactDate: true } };
  assert.deepEqual(remoteProblems([e], new Map([['papers/x.yaml', same]])).map((x) => x.code), ['W_REMOTE_TITLE']);
  assert.equal(titleOverlap('Llama 2', 'Llama 2: Open Foundation and Fine-Tuned Chat Models'), 1);
  assert.ok(titleOverlap('Scaling Instruction-Finetuned Language Models', 'Training language models to follow instructions with human feedback') < 0.6);
});

test('check --remote through the real executable: exit 1, file:line:column, the local checks too', async () => {
  const dir = join(tempDir(), 'catalog');
  importList({ catalog: dir, file: join(FIXTURES, 'seed-style.md'), today: '2026-01-01' });
  const r = await binAsync(['check', '--remote', '--no-outputs', '--catalog', dir], serverEnv(server, tempDir()));
  assert.equal(r.code, 1);
  assert.match(r.err, /2005\.14165-2\.yaml:1:1: error E_REMOTE_WRONG_ID arXiv 2005\.14165 is "Language Models are Few-Shot Learners"/);
  assert.match(r.err, /2306\.00978\.yaml:3:1: error E_REMOTE_DATE date 2023-10 is not the date of the first version on arXiv \(2023-06-01\)\n {4}hint: set date: 2023-06-01/);
  assert.match(r.err, /E_DATE_MISMATCH/, 'the local rules still run');
  const plain = await binAsync(['check', '--no-outputs', '--catalog', dir], serverEnv(server, tempDir()));
  assert.doesNotMatch(plain.err, /REMOTE/);
});
