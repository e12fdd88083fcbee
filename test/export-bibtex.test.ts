/**
 * Issue 5, the real-client test of the BibTeX export: a LaTeX document cites every key (\cite of each and
 * \nocite{*}); `latex` + `bibtex` + `latex` × 2 (TeX Live) must run with no error and no warning in the .blg and
 * leave no citation undefined. Runs on the bundled catalog and on the fixture catalog of awkward entries.
 * Skips when TeX Live is missing on a developer's machine; in CI (CI=true, where .ci/run installs it) it fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportCatalog, exportEntries } from '../src/commands/export.js';
import { renderBibtex } from '../src/export/bibtex.js';
import { loadCatalog } from '../src/catalog/load.js';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

const TEX = ['/usr/bin/latex', '/usr/bin/bibtex'].every(existsSync);
const skip = !TEX && process.env.CI !== 'true' ? 'TeX Live (latex, bibtex) is not installed' : false;

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Compiles `bib` with a document that cites every key; returns the .blg and the last LaTeX log. */
function compile(bib: string, style: string): { keys: string[]; blg: string; log: string; bbl: string } {
  const dir = tempDir('papershelf-bibtex-');
  const keys = [...bib.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]!);
  writeFileSync(join(dir, 'papers.bib'), bib);
  writeFileSync(
    join(dir, 'main.tex'),
    ['\\documentclass{article}', '\\usepackage[T1]{fontenc}', '\\usepackage[utf8]{inputenc}', '\\usepackage{url}', ...(style.endsWith('nat') ? ['\\usepackage{natbib}'] : []), '\\begin{document}', ...keys.map((k) => `\\cite{${k}}`), '\\nocite{*}', `\\bibliographystyle{${style}}`, '\\bibliography{papers}', '\\end{document}', ''].join('\n'),
  );
  const latex = () => run('latex', ['-interaction=nonstopmode', '-halt-on-error', 'main.tex'], dir);
  const first = latex();
  assert.equal(first.code, 0, first.out.slice(-3000));
  const bibtex = run('bibtex', ['main'], dir);
  const blg = readFileSync(join(dir, 'main.blg'), 'utf8');
  assert.equal(bibtex.code, 0, blg);
  latex();
  const last = latex();
  assert.equal(last.code, 0, last.out.slice(-3000));
  return { keys, blg, log: readFileSync(join(dir, 'main.log'), 'utf8'), bbl: readFileSync(join(dir, 'main.bbl'), 'utf8') };
}

function assertClean(r: { keys: string[]; blg: string; log: string; bbl: string }) {
  assert.doesNotMatch(r.blg, /Warning--|error message|I was expecting|I'm skipping/i, r.blg);
  assert.doesNotMatch(r.log, /Citation .* undefined|There were undefined references|^! /m);
  assert.doesNotMatch(r.log, /Unicode character .* not set up|Missing character/);
  // Every key made it into the bibliography.
  const items = [...r.bbl.matchAll(/\\bibitem(?:\[[^\]]*\])?\{([^}]+)\}/g)].map((m) => m[1]);
  assert.deepEqual(new Set(items), new Set(r.keys));
}

test('the bundled catalog exported as BibTeX compiles with latex + bibtex (plain, alpha, plainnat), no warnings', { skip }, async () => {
  const { content, papers } = await exportCatalog({ catalog: join(ROOT, 'catalog'), format: 'bibtex' });
  assert.ok(papers >= 300);
  for (const style of ['plain', 'alpha', 'plainnat']) {
    const r = compile(content.toString(), style);
    assert.equal(r.keys.length, papers);
    assert.equal(new Set(r.keys).size, papers, 'keys are unique');
    assertClean(r);
  }
});

test('awkward entries (non-ASCII names, LaTeX specials, suffixes, DOI-only, old-style ids) compile cleanly', { skip }, () => {
  const catalog = loadCatalog(join(FIXTURES, 'export', 'catalog'));
  // The CJK-titled paper needs XeLaTeX/LuaLaTeX (not installed); its BibTeX is checked by bibtex alone below.
  const { entries } = exportEntries(catalog);
  const latin = entries.filter((e) => !/[\u4e00-\u9fff]/.test(e.paper.title));
  assert.equal(latin.length, entries.length - 1);
  for (const style of ['plain', 'alpha', 'plainnat']) {
    const r = compile(renderBibtex(latin).toString(), style);
    assertClean(r);
    // Names come out typeset with their accents and the suffix in BibTeX's place.
    assert.match(r.bbl, /\{\\L\}a\{\\'n\}cucki/);
    assert.match(r.bbl, /King, Jr\./);
  }
  const dir = tempDir('papershelf-bibtex-');
  writeFileSync(join(dir, 'papers.bib'), renderBibtex(entries));
  writeFileSync(join(dir, 'main.aux'), '\\citation{*}\n\\bibstyle{plain}\n\\bibdata{papers}\n');
  const r = run('bibtex', ['main'], dir);
  const blg = readFileSync(join(dir, 'main.blg'), 'utf8');
  assert.equal(r.code, 0, blg);
  assert.doesNotMatch(blg, /Warning--|error message/i, blg);
  assert.match(readFileSync(join(dir, 'main.bbl'), 'utf8'), /一个中文标题的量化论文/);
});
