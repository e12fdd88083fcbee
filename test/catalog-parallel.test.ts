/**
 * Big catalogs are parsed by two threads (src/catalog/parse-files.ts, src/commands/helper.ts): the result must be
 * exactly what one thread gives — papers, their order, every problem with its line — and the outputs of a build whose
 * helper parsed half the catalog must be byte for byte those of a build on one thread.
 * The helper runs the compiled worker (npm test compiles first), so the modules under test come from dist/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { paperYaml, TAXONOMY, tempDir, tree } from './helpers.js';

const dist = async <T>(path: string): Promise<T> => (await import(new URL(`../dist/${path}`, import.meta.url).href)) as T;
type Load = typeof import('../src/catalog/load.js');
type HelperMod = typeof import('../src/commands/helper.js');
type ParseFiles = typeof import('../src/catalog/parse-files.js');

const N = 2600;
/** Bad files spread over the batch, so that both threads meet some. */
const BAD: Record<number, string> = {
  3: 'title: [unclosed\n',
  1300: paperYaml({ arxiv: '"2301.11300"', colour: 'blue' }),
  2599: paperYaml({ arxiv: '"2301.12599"', authors: '42' }),
};

function catalogFiles(): Record<string, string> {
  const files: Record<string, string> = { 'catalog/taxonomy.yaml': TAXONOMY };
  for (let i = 0; i < N; i++) {
    const id = `2301.${10000 + i}`;
    files[`catalog/papers/${id}.yaml`] = BAD[i] ?? paperYaml({ arxiv: `"${id}"`, title: `"Paper number ${i}"`, date: `2023-01-${String(1 + (i % 28)).padStart(2, '0')}`, categories: i % 3 ? '[rlhf]' : '[models, rlhf]' });
  }
  return files;
}

/** A catalog as data, with its folder taken out of the paths, to compare two loads of two copies. */
function comparable(catalog: ReturnType<Load['loadCatalog']>, dir: string) {
  const strip = (s: string | undefined) => s?.split(dir).join('<dir>');
  return {
    papers: catalog.papers.map((p) => ({ file: strip(p.file), stem: p.stem, data: p.data })),
    problems: catalog.problems.map((p) => ({ ...p, file: strip(p.file) })),
  };
}

test('a catalog parsed on two threads is the one parsed on one thread, bad files and their lines included', async () => {
  const { loadCatalog } = await dist<Load>('catalog/load.js');
  const { Helper } = await dist<HelperMod>('commands/helper.js');
  const files = catalogFiles();
  const one = tree(files);
  const two = tree(files);
  const helper = new Helper();
  try {
    await sleep(500); // let the helper start, so that it takes its share (a slow start is also correct, but tests less)
    let asked = 0;
    const parallel = loadCatalog(join(two, 'catalog'), { helper: (n) => ((asked = n), helper) });
    const single = loadCatalog(join(one, 'catalog'));
    assert.equal(asked, N);
    const helped = parallel.papers.filter((p) => helper.has(p.file)).length;
    assert.ok(helped > 0 && helped < N - 3, `the helper parsed ${helped} of ${N} files`);
    assert.equal(parallel.papers.length, N - 3);
    assert.deepEqual(comparable(parallel, two), comparable(single, one));
    assert.deepEqual(
      parallel.problems.map((p) => [p.code, p.file?.split('/').at(-1), p.line]),
      [
        ['E_YAML_SYNTAX', '2301.10003.yaml', 2],
        ['E_SCHEMA', '2301.11300.yaml', 9],
        ['E_SCHEMA', '2301.12599.yaml', 3],
      ],
    );
  } finally {
    await helper.stop();
  }
});

test('a helper that will write is handed the values this thread parsed while both parse: its write job carries none', async () => {
  const { loadCatalog } = await dist<Load>('catalog/load.js');
  const { Helper } = await dist<HelperMod>('commands/helper.js');
  const dir = tree(catalogFiles());
  const helper = new Helper({ writes: true });
  try {
    await sleep(500);
    const catalog = loadCatalog(join(dir, 'catalog'), { helper: () => helper });
    assert.equal(catalog.papers.length, N - 3);
    assert.deepEqual(catalog.papers.filter((p) => !helper.has(p.file)).map((p) => p.file), []);
  } finally {
    await helper.stop();
  }
});

test('a helper that stops answering or never starts loses nothing: the caller parses what it had claimed', async () => {
  const pf = await dist<ParseFiles>('catalog/parse-files.js');
  const dir = tree(catalogFiles());
  const papers = join(dir, 'catalog', 'papers');
  const jobs = readdirSync(papers).sort().map((name) => ({ path: join(papers, name), file: name }));
  const alone = pf.readAndParse(jobs, pf.SCHEMAS.paper, false);
  // Claims the first 96 files as if another thread had taken them, then never answers.
  const silent = {
    parse(_jobs: unknown, _schema: unknown, _keep: boolean, state: Int32Array) {
      Atomics.store(state, 1, pf.STARTED);
      Atomics.add(state, 0, 96);
      return { poll: () => [], join: () => undefined };
    },
  };
  assert.deepEqual(pf.parseBatch(jobs, 'paper', false, () => silent), alone);
  // Never starts: the caller parses everything, cancels it, and does not wait for it.
  let joined = false;
  const idle = { parse: () => ({ poll: () => [], join: () => ((joined = true), []) }) };
  assert.deepEqual(pf.parseBatch(jobs, 'paper', false, () => idle), alone);
  assert.equal(joined, false);
});

test('build --out on a catalog parsed by the helper writes what a one-thread build writes, byte for byte', async () => {
  const { build } = await dist<typeof import('../src/commands/build.js')>('commands/build.js');
  const { loadCatalog } = await dist<Load>('catalog/load.js');
  const { writeOutputs } = await dist<typeof import('../src/commands/write-outputs.js')>('commands/write-outputs.js');
  const files = catalogFiles();
  for (const i of Object.keys(BAD)) delete files[`catalog/papers/2301.${10000 + Number(i)}.yaml`];
  const a = tree(files);
  const b = tree(files);
  const out = tempDir('papershelf-parallel-');
  const now = new Date('2026-06-01T00:00:00Z');
  const opts = { base: '/', siteUrl: 'https://example.org/', now };
  const r = await build({ catalog: join(a, 'catalog'), out: join(out, 'a'), ...opts });
  await writeOutputs(loadCatalog(join(b, 'catalog')), { out: join(out, 'b'), ...opts, worker: false });
  assert.equal(r.papers, N - 3);
  const list = (d: string) => readdirSync(d, { recursive: true }).map(String).sort();
  const written = list(join(out, 'a'));
  assert.deepEqual(written, list(join(out, 'b')));
  assert.ok(written.length > N);
  for (const f of written) {
    if (!/\.(html|json|xml|bib|ris|csv)$/.test(f)) continue;
    assert.ok(readFileSync(join(out, 'a', f)).equals(readFileSync(join(out, 'b', f))), f);
  }
});
