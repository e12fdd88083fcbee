/**
 * The website in a real browser (Debian's Chromium driven by playwright-core), served under a sub-path by the
 * project's own server on 127.0.0.1: search, filters, URL state and the back button, language and theme
 * switches, the paper page and "copy BibTeX", browsing without JavaScript, hostile catalog text, axe-core.
 * Screenshots of the bundled catalog go to test-output/screenshots/. Skipped when Chromium is not installed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createStaticHandler } from '../src/server/static.js';
import { buildSiteFolder } from '../src/server/serve.js';
import { BUNDLED_CATALOG } from '../src/commands/context.js';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_BROWSER = existsSync(CHROMIUM);
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const BASE = '/llm-papers/';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
const servers: Server[] = [];
let fixtureUrl = '';
let bundledUrl = '';

async function serveFolder(catalog: string): Promise<string> {
  const out = join(tempDir('papershelf-site-'), 'site');
  await buildSiteFolder(catalog, out, BASE);
  const server = createServer(createStaticHandler({ root: out, base: BASE }));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE}`;
}

async function newPage(opts: Parameters<Browser['newContext']>[0] = {}): Promise<{ ctx: BrowserContext; page: Page; errors: string[]; requests: string[] }> {
  const ctx = await browser.newContext({ locale: 'en-US', ...opts });
  const page = await ctx.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('dialog', (d) => (errors.push(`dialog: ${d.message()}`), void d.dismiss()));
  page.on('request', (r) => requests.push(r.url()));
  return { ctx, page, errors, requests };
}

async function results(page: Page): Promise<string[]> {
  return page.locator('#results .item-title').allTextContents();
}

async function waitResults(page: Page, pred: (titles: string[]) => boolean, what: string): Promise<string[]> {
  let last: string[] = [];
  for (let i = 0; i < 300; i++) {
    last = await results(page);
    if (pred(last)) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`${what}: got ${JSON.stringify(last)}`);
}

describe('website in Chromium', { skip: HAVE_BROWSER ? false : `no Chromium at ${CHROMIUM}` }, () => {
  before(async () => {
    [fixtureUrl, bundledUrl] = await Promise.all([serveFolder(join(FIXTURES, 'site', 'catalog')), serveFolder(BUNDLED_CATALOG)]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  });

  test('search as you type: words, typos, Chinese, arXiv ids; nothing requested from another host', async () => {
    const { ctx, page, errors, requests } = await newPage();
    await page.goto(fixtureUrl + 'search/');
    await waitResults(page, (r) => r.length === 7, 'all papers listed before typing');
    await page.locator('#q').pressSequentially('atention', { delay: 20 });
    await waitResults(page, (r) => r[0] === 'Attention Is All You Need', 'typo');
    assert.match(page.url(), /\?q=atention$/);
    await page.locator('#q').fill('思维链提示');
    await waitResults(page, (r) => r.length === 1 && r[0]!.startsWith('Chain-of-Thought'), 'Chinese');
    await page.locator('#q').fill('2305.18290');
    await waitResults(page, (r) => r.length === 1 && r[0]!.startsWith('Direct Preference'), 'arXiv id');
    assert.match(await page.locator('#result-count').textContent() ?? '', /^1 paper$/);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith(fixtureUrl)), []);
    await ctx.close();
  });

  test('filters and sorting live in the URL; the back button restores each view', async () => {
    const { ctx, page, errors } = await newPage();
    await page.goto(fixtureUrl + 'search/');
    await waitResults(page, (r) => r.length === 7, 'start');
    await page.locator('input[name="cat"][value="alignment"]').check();
    await waitResults(page, (r) => r.length === 2, 'alignment and its sub-category rlhf');
    assert.match(page.url(), /\?cat=alignment$/);
    await page.locator('input[name="from"]').fill('2023');
    await page.locator('input[name="from"]').dispatchEvent('change');
    await waitResults(page, (r) => r.length === 1 && r[0]!.startsWith('Direct Preference'), 'from 2023');
    assert.match(page.url(), /cat=alignment&from=2023/);
    await page.goBack();
    await waitResults(page, (r) => r.length === 2, 'back to the category only');
    assert.equal(await page.locator('input[name="from"]').inputValue(), '');
    assert.ok(await page.locator('input[name="cat"][value="alignment"]').isChecked());
    await page.goBack();
    await waitResults(page, (r) => r.length === 7, 'back to everything');
    assert.equal(await page.locator('input[name="cat"][value="alignment"]').isChecked(), false);
    await page.goForward();
    await waitResults(page, (r) => r.length === 2, 'forward again');

    // A link reproduces the view: several categories, tag, code, sort.
    await page.goto(fixtureUrl + 'search/?cat=reasoning&cat=models&tag=must-read&code=1&sort=title');
    const r = await waitResults(page, (x) => x.length === 2, 'view from the URL');
    assert.deepEqual(r, ['Attention Is All You Need', 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning']);
    assert.equal(await page.locator('#sort').inputValue(), 'title');
    assert.ok(await page.locator('input[name="code"]').isChecked());
    assert.equal(await page.locator('#f-tag').inputValue(), 'must-read');
    await page.locator('#sort').selectOption('added');
    await waitResults(page, (x) => x[0]!.startsWith('DeepSeek-R1'), 'sort by date added');
    assert.match(page.url(), /sort=added/);
    // Facet counts ignore the category filter itself.
    assert.equal(await page.locator('input[value="models"]').locator('xpath=..').locator('.n').textContent(), '2');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('"/" focuses search; the language and theme switches apply and persist', async () => {
    const { ctx, page, errors } = await newPage();
    await page.goto(fixtureUrl + 'papers/2305.18290.html');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-q');
    await page.locator('body').click();
    assert.equal(await page.locator('.why-en').evaluate((e) => e.getBoundingClientRect().top < e.parentElement!.querySelector('.why-zh')!.getBoundingClientRect().top), true);
    await page.locator('#lang-toggle').click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.ok(await page.getByText('推荐理由', { exact: true }).isVisible());
    assert.equal(await page.getByText('Why read it', { exact: true }).isVisible(), false);
    assert.equal(await page.locator('.why-zh').evaluate((e) => e.getBoundingClientRect().top < e.parentElement!.querySelector('.why-en')!.getBoundingClientRect().top), true, 'Chinese reason first');
    assert.equal(await page.locator('#site-q').getAttribute('placeholder'), '搜索标题、作者、推荐理由、arXiv 编号…');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.locator('#theme-toggle').click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), bg);
    await page.goto(fixtureUrl);
    assert.equal(await page.evaluate(() => [document.documentElement.dataset.lang, document.documentElement.dataset.theme].join()), 'zh,dark');
    assert.ok(await page.getByRole('heading', { name: '最近添加' }).isVisible());
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('paper page: citation meta tags and "copy BibTeX"', async () => {
    const { ctx, page, errors } = await newPage();
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(fixtureUrl).origin });
    await page.goto(fixtureUrl + 'papers/2305.18290.html');
    const meta = await page.evaluate(() => Object.fromEntries(['citation_title', 'citation_publication_date', 'citation_arxiv_id', 'citation_pdf_url'].map((n) => [n, document.querySelector(`meta[name="${n}"]`)?.getAttribute('content')])));
    assert.deepEqual(meta, { citation_title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', citation_publication_date: '2023/05/29', citation_arxiv_id: '2305.18290', citation_pdf_url: 'https://arxiv.org/pdf/2305.18290' });
    assert.equal(await page.locator('meta[name="citation_author"]').count(), 6);
    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    await page.locator('.copy-done').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^@inproceedings\{rafailov2023direct,\n {2}title +=/);
    assert.match(copied, /eprint +?= \{2305\.18290\}/);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('browsing without JavaScript: home → category → paper; search explains it needs JavaScript', async () => {
    const { ctx, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(fixtureUrl);
    assert.ok(await page.getByRole('heading', { name: 'Recently added' }).isVisible());
    assert.equal(await page.locator('#lang-toggle').isVisible(), false, 'switches that need JavaScript stay hidden');
    await page.locator('.tree').getByRole('link', { name: /^RLHF/ }).click();
    assert.match(page.url(), /categories\/rlhf\/$/);
    await page.getByRole('link', { name: /^Direct Preference Optimization/ }).click();
    assert.match(page.url(), /papers\/2305\.18290\.html$/);
    assert.ok(await page.getByText('@inproceedings{rafailov2023direct').isVisible(), 'BibTeX readable without the button');
    await page.goto(fixtureUrl + 'search/?q=attention');
    // Playwright's text selectors skip <noscript>; a CSS locator sees what the reader sees.
    const note = page.locator('noscript p');
    assert.ok(await note.isVisible());
    assert.match((await note.textContent()) ?? '', /Search and filters need JavaScript/);
    await ctx.close();
  });

  test('hostile catalog text stays inert in every page type (CSP bypassed, so escaping alone is tested)', async () => {
    const { ctx, page, errors } = await newPage({ bypassCSP: true });
    const paths = ['', 'papers/2401.00001.html', 'categories/evil/', 'categories/reasoning/', 'tags/evil-tag/', 'search/?q=evil', 'search/?q=script&cat=evil', 'search/?tag=evil-tag'];
    for (const path of paths) {
      await page.goto(fixtureUrl + path);
      if (path.startsWith('search')) await waitResults(page, (r) => r.some((t) => t.startsWith('<script>')), `evil result in ${path}`);
      await page.evaluate(() => document.querySelectorAll('body *').forEach((e) => e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))));
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, path);
      assert.equal(await page.locator('main img, main iframe, main svg[onload], main b[onmouseover], main script:not([type="application/json"])').count(), 0, path);
      assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0, path);
    }
    await page.goto(fixtureUrl + 'papers/2401.00001.html');
    assert.match(await page.locator('h1').textContent() ?? '', /^<script>window\.__xss='title'<\/script> Evil "><img/);
    assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
    await ctx.close();
  });

  test('axe-core: no serious or critical violations on any page type, light and dark, English and Chinese', async () => {
    const { ctx, page } = await newPage();
    const found: string[] = [];
    const pages = ['', 'categories/pretraining/', 'tags/must-read/', 'papers/2305.18290.html', 'search/?q=attention', 'search/?cat=rlhf&code=1', 'no-such-page/'];
    for (const [theme, lang] of [['light', 'en'], ['dark', 'zh']] as const) {
      await page.goto(bundledUrl);
      await page.evaluate(([t, l]) => (localStorage.setItem('ps-theme', t), localStorage.setItem('ps-lang', l)), [theme, lang]);
      for (const path of pages) {
        await page.goto(bundledUrl + path);
        if (path.startsWith('search')) await waitResults(page, (r) => r.length > 0, path);
        await page.evaluate(AXE);
        const violations = await page.evaluate(async () => {
          const r = await (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ resultTypes: ['violations'] });
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        for (const v of violations) found.push(`${theme}/${lang} ${path || 'home'}: ${v}`);
      }
    }
    assert.deepEqual(found, []);
    await ctx.close();
  });

  test('screenshots of the bundled catalog, desktop and phone', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const shots: [string, string][] = [
      ['home', ''],
      ['category', 'categories/rlhf/'],
      ['paper', 'papers/2305.18290.html'],
      ['search', 'search/?q=kv%20cache'],
    ];
    for (const [width, height, label] of [[1280, 900, 'desktop'], [390, 844, 'phone']] as const) {
      const { ctx, page, errors } = await newPage({ viewport: { width, height }, deviceScaleFactor: label === 'phone' ? 2 : 1 });
      for (const [name, path] of shots) {
        await page.goto(bundledUrl + path);
        if (name === 'search') await waitResults(page, (r) => r.length > 0, 'search screenshot');
        const file = join(SHOTS, `${name}-${label}.png`);
        await page.screenshot({ path: file, fullPage: label === 'desktop' && name !== 'search' });
        assert.ok(existsSync(file));
      }
      // One screenshot in Chinese and dark, to see both switches.
      await page.evaluate(() => (localStorage.setItem('ps-lang', 'zh'), localStorage.setItem('ps-theme', 'dark')));
      await page.goto(bundledUrl + 'papers/2305.18290.html');
      await page.screenshot({ path: join(SHOTS, `paper-${label}-zh-dark.png`) });
      assert.deepEqual(errors, []);
      await ctx.close();
    }
  });
});
