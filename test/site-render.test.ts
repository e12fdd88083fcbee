/** The website writer: pages, links, meta tags, escaping of hostile catalog text, no request to another host. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCatalog } from '../src/catalog/load.js';
import { writeListPages, writePaperPages, writeSearch, writeSite } from '../src/site/write.js';
import { buildModel } from '../src/site/model.js';
import { chartData } from '../src/site/chart.js';
import { relatedPapers } from '../src/site/related.js';
import { html, raw } from '../src/site/html.js';
import { outLinks, paperItem } from '../src/site/components.js';
import { pageCtx, type SiteInfo } from '../src/site/layout.js';
import { PAGE_SIZE } from '../src/site/pages.js';
import { OUTPUT_WRITERS } from '../src/commands/outputs.js';
import { urls } from '../src/site/urls.js';
import { FIXTURES, paperYaml, TAXONOMY, tree } from './helpers.js';

export const SITE_CATALOG = join(FIXTURES, 'site', 'catalog');
const NOW = new Date('2026-06-01T00:00:00Z');

async function build(dir = SITE_CATALOG, base = '/llm-papers/') {
  const ctx = { catalog: loadCatalog(dir), base, siteUrl: `https://example.org${base}`, now: NOW };
  // The website is four writers: home page and assets, paper pages, category and tag pages, search index and page.
  const files = new Map([...writeSite(ctx), ...(await writePaperPages(ctx)), ...writeListPages(ctx), ...writeSearch(ctx)]);
  const text = (path: string) => {
    const v = files.get(path);
    assert.ok(v !== undefined, `missing ${path}`);
    return typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
  };
  return { files, text };
}

const pages = (files: Map<string, string | Uint8Array>) => [...files.keys()].filter((p) => p.endsWith('.html'));

test('the site writer is registered and writes every page type', async () => {
  assert.ok(OUTPUT_WRITERS.some((w) => w.name === 'site'));
  assert.ok(OUTPUT_WRITERS.some((w) => w.name === 'search'));
  const { files } = await build();
  for (const p of ['index.html', 'search/index.html', '404.html', '.nojekyll', 'categories/models/index.html', 'categories/rlhf/index.html', 'categories/alignment/index.html', 'tags/must-read/index.html', 'papers/2305.18290.html']) {
    assert.ok(files.has(p), p);
  }
  assert.equal(pages(files).filter((p) => p.startsWith('papers/')).length, 7);
  assert.ok([...files.keys()].some((p) => /^assets\/[0-9a-f]{10}\/app\.js$/.test(p)));
  assert.ok([...files.keys()].some((p) => /^assets\/[0-9a-f]{10}\/searchable-map\.js$/.test(p)));
  assert.ok([...files.keys()].some((p) => /^search-data\/[0-9a-f]{10}\/meta\.json$/.test(p)));
});

test('home: category tree with counts, chart, recently added, exports and feeds', async () => {
  const { text } = await build();
  const home = text('index.html');
  // Alignment counts its sub-category's papers.
  assert.match(home, /href="\.\/categories\/alignment\/"><span><span class="l-en">Alignment<\/span><span class="l-zh" lang="zh-CN">对齐<\/span><\/span><span class="count">2<\/span>/);
  assert.match(home, /<svg viewBox="[^"]+" width="\d+" height="\d+" role="img" aria-label="Heat map of papers per year/);
  assert.match(home, /Recently added/);
  for (const f of ['bibtex', 'ris', 'csl-json', 'csv', 'json'] as const) assert.ok(home.includes(`href="./${urls.export(f)}"`), f);
  assert.ok(home.includes(`<link rel="alternate" type="application/atom+xml" title="Test Reading List (Atom)" href="./${urls.feed({ kind: 'all' }, 'atom')}">`));
  // Newest added first: DeepSeek-R1 (2026-04-02) before DPO (2026-03-01).
  assert.ok(home.indexOf('papers/2501.12948.html') < home.indexOf('papers/2305.18290.html'));
});

test('category and tag pages: newest first, own feed, sub-category papers included', async () => {
  const { text } = await build();
  const align = text('categories/alignment/index.html');
  assert.ok(align.indexOf('2305.18290') > 0 && align.indexOf('2203.02155') > align.indexOf('2305.18290'), 'newest first');
  assert.ok(align.includes(`href="../../${urls.feed({ kind: 'category', id: 'alignment' }, 'atom')}"`));
  assert.match(align, /<link rel="alternate" type="application\/atom\+xml" title="Alignment \(Atom\)"/);
  const tag = text('tags/must-read/index.html');
  assert.ok(tag.includes(`href="../../${urls.feed({ kind: 'tag', id: 'must-read' }, 'atom')}"`));
  assert.match(tag, /4 papers/);
});

test('a list item rendered once is reused only where its markup is the same', async () => {
  const { text } = await build();
  const item = (page: string) => text(page).match(/<li class="item">\n<a class="item-title" href="[^"]*2305\.18290\.html">[\s\S]*?<\/li>/)![0];
  // Alignment has a sub-category, so its list shows each paper's categories; rlhf (a leaf) does not.
  const onAlignment = item('categories/alignment/index.html');
  const onRlhf = item('categories/rlhf/index.html');
  assert.match(onAlignment, /class="chips"/);
  assert.doesNotMatch(onRlhf, /class="chips"/);
  assert.equal(item('tags/must-read/index.html'), onAlignment);
  // The home page lists it compact, with links from the site's root.
  const onHome = item('index.html');
  assert.match(onHome, /href="\.\/papers\/2305\.18290\.html"/);
  assert.doesNotMatch(onHome, /class="why/);
  // The cache belongs to one build: after an edit, the next build in the same process shows the new title.
  const dir = mkdtempSync(join(tmpdir(), 'papershelf-items-'));
  try {
    cpSync(SITE_CATALOG, dir, { recursive: true });
    assert.match((await build(dir)).text('tags/must-read/index.html'), /Direct Preference Optimization: Your Language Model/);
    const file = join(dir, 'papers', '2305.18290.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: "Direct Preference Optimization:', 'title: "DPO, renamed:'));
    const again = (await build(dir)).text('tags/must-read/index.html');
    assert.match(again, /DPO, renamed: Your Language Model/);
    assert.doesNotMatch(again, /Direct Preference Optimization: Your Language Model/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('paper page: facts, links, reasons in both languages, citation meta tags, BibTeX, related papers', async () => {
  const { text } = await build();
  const page = text('papers/2305.18290.html');
  assert.match(page, /<meta name="citation_title" content="Direct Preference Optimization: Your Language Model is Secretly a Reward Model">/);
  assert.equal(page.match(/<meta name="citation_author" /g)?.length, 6);
  assert.match(page, /<meta name="citation_author" content="Christopher D\. Manning">/);
  assert.match(page, /<meta name="citation_publication_date" content="2023\/05\/29">/);
  assert.match(page, /<meta name="citation_arxiv_id" content="2305\.18290">/);
  assert.match(page, /<meta name="citation_pdf_url" content="https:\/\/arxiv\.org\/pdf\/2305\.18290">/);
  assert.match(page, /href="https:\/\/arxiv\.org\/abs\/2305\.18290"/);
  assert.match(page, /href="https:\/\/github\.com\/eric-mitchell\/direct-preference-optimization"/);
  assert.match(page, /<p class="why-en" lang="en">.*Turns the RLHF objective/);
  assert.match(page, /<p class="why-zh" lang="zh-CN">.*把 RLHF 的目标/);
  assert.match(page, /科学空间：DPO 推导/);
  assert.match(page, /<pre id="bibtex-\d+"[^>]*>@inproceedings\{rafailov2023direct,/);
  assert.match(page, /data-copy="bibtex-\d+"/);
  // InstructGPT shares the rlhf category and the alignment tag.
  assert.match(page, /<h2 id="h-rel">[\s\S]*Training language models to follow instructions/);
});

test('every page: CSP, no request to another host, relative links that work under the base', async () => {
  const { files, text } = await build();
  for (const p of pages(files)) {
    const h = text(p);
    assert.match(h, /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';/, p);
    for (const m of h.matchAll(/<(script|link|img|iframe|source)\b[^>]*\b(src|href)="([^"]*)"/g)) {
      const [, tag, , url] = m;
      if (tag === 'link' && /rel="(alternate|canonical)"/.test(m[0])) continue;
      assert.ok(!/^(https?:)?\/\//.test(url!), `${p}: ${m[0]}`);
    }
    assert.doesNotMatch(h, /style="/, `${p}: inline styles break the CSP`);
    assert.doesNotMatch(h, /<script>(?!<\/script>)/, `${p}: inline script`);
  }
  // The 404 page is served at any depth: it links through the absolute base.
  assert.match(text('404.html'), /href="\/llm-papers\/assets\/[0-9a-f]{10}\/site\.css"/);
  assert.match(text('papers/2305.18290.html'), /href="\.\.\/assets\/[0-9a-f]{10}\/site\.css"/);
});

test('hostile catalog text renders as inert text everywhere', async () => {
  const { files, text } = await build();
  for (const p of pages(files)) {
    const h = text(p);
    assert.doesNotMatch(h, /<script>window/, p);
    assert.doesNotMatch(h, /<img src=x/i, p);
    assert.doesNotMatch(h, /<svg onload/i, p);
    assert.doesNotMatch(h, /<iframe/i, p);
    assert.doesNotMatch(h, /<b onmouseover/i, p);
    assert.doesNotMatch(h, /href="javascript:/i, p);
    assert.doesNotMatch(h, /<\/title><script>/, p);
  }
  const evil = text('papers/2401.00001.html');
  assert.ok(evil.includes('&lt;script&gt;window.__xss=&#39;title&#39;&lt;/script&gt;'));
  assert.ok(evil.includes('&lt;a href=&quot;javascript:'));
  // The search data is JSON (parsed, never evaluated) and the labels block cannot close its script element.
  assert.doesNotMatch(text('search/index.html'), /<\/script><script|<script>window/);
});

test('links out are http(s) only, even for data that skipped the schema', () => {
  const bad = { title: 'x', categories: ['a'], added: '2026-01-01', links: { code: 'javascript:alert(1)', project: 'data:text/html,x', pdf: 'https://ok.example/p.pdf' }, url: 'javascript:alert(2)' };
  assert.deepEqual(outLinks(bad as never), [{ key: 'pdf', url: 'https://ok.example/p.pdf' }]);
  const model = buildModel({ dir: '', taxonomyFile: '', taxonomy: { title: 'T', categories: [{ id: 'a', name: { en: 'A' } }] }, papers: [{ file: '', stem: 'x', text: '', data: bad as never }], resources: [], problems: [] });
  const site: SiteInfo = { model, base: '/', siteUrl: 'http://localhost/', assets: 'assets/x/', now: NOW };
  const item = paperItem(pageCtx(site, 'categories/a/'), model, model.papers[0]!).value;
  assert.doesNotMatch(item, /javascript:|data:text/);
});

test('html`` escapes interpolations and keeps nested templates', () => {
  assert.equal(html`<p title="${'"><x>'}">${'<b>&'}${html`<i>${"'"}</i>`}${[1, '<', raw('<hr>')]}</p>`.value, '<p title="&quot;&gt;&lt;x&gt;">&lt;b&gt;&amp;<i>&#39;</i>1&lt;<hr></p>');
});

test('chart data: papers per top-level category and year, totals', () => {
  const model = buildModel(loadCatalog(SITE_CATALOG));
  const d = chartData(model);
  assert.deepEqual(d.years, [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  const reasoning = d.rows.find((r) => r.id === 'reasoning')!;
  assert.equal(reasoning.counts[d.years.indexOf(2022)], 1);
  assert.equal(reasoning.counts[d.years.indexOf(2025)], 1);
  assert.equal(d.totals.reduce((a, b) => a + b, 0), 7);
});

test('related papers prefer shared tags and categories', () => {
  const model = buildModel(loadCatalog(SITE_CATALOG));
  const rel = relatedPapers(model);
  const dpo = model.byStem.get('2305.18290')!;
  assert.equal(rel.get(dpo.n)![0]!.stem, '2203.02155');
  assert.ok(!rel.get(dpo.n)!.some((sp) => sp.stem === dpo.stem));
});

test('long lists are split into pages with previous/next links', async () => {
  const files: Record<string, string> = { 'catalog/taxonomy.yaml': TAXONOMY };
  for (let i = 0; i < PAGE_SIZE + 5; i++) {
    const id = `2301.${String(10000 + i)}`;
    files[`catalog/papers/${id}.yaml`] = paperYaml({ arxiv: `"${id}"`, title: `"Paper ${i}"`, date: '2023-01-15', categories: '[models]' });
  }
  const dir = tree(files);
  const { text } = await build(join(dir, 'catalog'), '/');
  assert.match(text('categories/models/index.html'), /rel="next" href="\.\.\/\.\.\/categories\/models\/2\.html"/);
  const second = text('categories/models/2.html');
  assert.match(second, /rel="prev" href="\.\.\/\.\.\/categories\/models\/"/);
  assert.equal(second.match(/<li class="item">/g)?.length, 5);
});

test('the outputs written with a worker thread are byte for byte those written without one', async () => {
  // The compiled module (npm test compiles first): its worker thread runs dist/commands/helper-worker.js.
  const { writeOutputs } = (await import(new URL('../dist/commands/write-outputs.js', import.meta.url).href)) as typeof import('../src/commands/write-outputs.js');
  const { mkdtempSync, readdirSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const tmp = mkdtempSync(join(tmpdir(), 'papershelf-worker-'));
  try {
    const catalog = loadCatalog(SITE_CATALOG);
    const opts = { base: '/llm-papers/', siteUrl: 'https://example.org/llm-papers/', now: NOW };
    const withWorker = await writeOutputs(catalog, { ...opts, out: join(tmp, 'a'), worker: true });
    const without = await writeOutputs(catalog, { ...opts, out: join(tmp, 'b'), worker: false });
    assert.deepEqual(withWorker, without);
    assert.deepEqual(Object.keys(withWorker), OUTPUT_WRITERS.map((w) => w.name));
    const a = readdirSync(join(tmp, 'a'), { recursive: true }).map(String).sort();
    assert.deepEqual(a, readdirSync(join(tmp, 'b'), { recursive: true }).map(String).sort());
    assert.ok(a.includes(join('search', 'index.html')) && a.includes(join('exports', 'papers.bib')));
    for (const f of a) {
      if (f.endsWith('.html') || f.endsWith('.json') || f.endsWith('.xml') || f.endsWith('.bib')) assert.ok(readFileSync(join(tmp, 'a', f)).equals(readFileSync(join(tmp, 'b', f))), f);
    }
    // papers.bib, written with the entries the paper pages show, is what `papershelf export --format bibtex` writes.
    const { exportCatalog } = await import('../src/commands/export.js');
    const bib = (await exportCatalog({ catalog: SITE_CATALOG, format: 'bibtex' })).content;
    assert.ok(bib.length > 500 && readFileSync(join(tmp, 'a', 'exports', 'papers.bib')).equals(bib));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the shared writers split their pages between two claimers: each page once, as one thread writes it', async () => {
  const ctx = { catalog: loadCatalog(SITE_CATALOG), base: '/', siteUrl: 'https://example.org/', now: NOW };
  let alonePaperPaths: string[] = [];
  for (const write of [writePaperPages, writeListPages]) {
    const alone = [...(await write(ctx))];
    if (write === writePaperPages) alonePaperPaths = alone.map(([p]) => p);
    assert.ok(alone.length > 2);
    // Two "threads" reading one counter in turns, one page at a time.
    let next = 0;
    const claim = (n: number) => ((next += n), next - n);
    const a = (await write({ ...ctx, claim }))[Symbol.iterator]();
    const b = (await write({ ...ctx, claim }))[Symbol.iterator]();
    const got: [string, string | Uint8Array][] = [];
    let ia = a.next();
    let ib = b.next();
    while (!ia.done || !ib.done) {
      if (!ia.done) (got.push(ia.value), (ia = a.next()));
      if (!ib.done) (got.push(ib.value), (ib = b.next()));
    }
    assert.equal(new Set(got.map(([p]) => p)).size, got.length, 'no page twice');
    assert.deepEqual(new Map(got), new Map(alone));
  }
  // A helper thread that would have to work out the related papers and BibTeX entries of the whole catalog for the
  // few paper pages left leaves them to the other thread, which renders them.
  const n = ctx.catalog.papers.length;
  let next = n - 3;
  const late = (k: number) => ((next += k), next - k);
  assert.deepEqual([...(await writePaperPages({ ...ctx, claim: late, helper: true }))], []);
  assert.deepEqual([...(await writePaperPages({ ...ctx, claim: late }))].map(([p]) => p), alonePaperPaths.slice(n - 3));
});
