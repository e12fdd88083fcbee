import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from '../src/store/store.js';
import { harvestFile } from '../src/harvest/jsonl.js';
import { createTriageHandler } from '../src/triage/handler.js';
import { readRejected } from '../src/triage/rejected.js';
import { fixture, testCatalog } from './discover-helpers.js';
import { tempDir } from './helpers.js';

async function setup() {
  const catalog = testCatalog();
  const store = join(tempDir(), 'store.sqlite');
  const s = Store.open(store);
  await harvestFile(s, { file: fixture('papers.jsonl') });
  s.close();
  const triage = createTriageHandler({ catalog, store, today: '2025-06-30' });
  const server: Server = createServer((req, res) => {
    if (triage.handle(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('static site');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { catalog, store, url, close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))) };
}

test('the triage API: page, ranked candidates, accept and reject — guarded against other sites', async () => {
  const t = await setup();
  try {
    const page = await fetch(`${t.url}/triage/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy')!;
    const html = await page.text();
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.match(html, /<title>Triage · Test List<\/title>/);
    const token = /data-token="([^"]+)"/.exec(html)![1]!;
    assert.equal((await fetch(`${t.url}/elsewhere`)).status, 404, 'other paths are left to the next handler');
    assert.equal((await fetch(`${t.url}/elsewhere`)).headers.get('content-type'), 'text/plain');
    const redirect = await fetch(`${t.url}/triage`, { redirect: 'manual' });
    assert.deepEqual([redirect.status, redirect.headers.get('location')], [301, '/triage/']);

    const c = await fetch(`${t.url}/triage/api/candidates?top=5`);
    assert.equal(c.status, 200);
    const d = (await c.json()) as { overall: { id: string }[]; byCategory: { id: string }[] };
    assert.equal(d.overall.length, 5);
    assert.deepEqual(d.byCategory.map((x) => x.id), ['compression', 'quantization', 'rag']);

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${t.url}/triage/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-papershelf-token': token, ...headers }, body: JSON.stringify(body) });
    assert.equal((await post('reject', { id: '2506.00113' }, { 'x-papershelf-token': 'guess' })).status, 403);
    assert.equal((await post('reject', { id: '2506.00113' }, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await fetch(`${t.url}/triage/api/reject`, { method: 'POST', headers: { 'x-papershelf-token': token }, body: 'id=2506.00113' })).status, 415);
    assert.equal((await post('reject', { id: '2506.00113', extra: 1 })).status, 400);
    assert.equal((await fetch(`${t.url}/triage/api/accept`)).status, 405);
    assert.deepEqual(readRejected(t.catalog), []);

    const r = await post('reject', { id: '2506.00113', reason: 'robots' });
    assert.equal(r.status, 200);
    assert.deepEqual(readRejected(t.catalog).map((x) => [x.arxiv, x.reason, x.date]), [['2506.00113', 'robots', '2025-06-30']]);
    const a = await post('accept', { id: '2506.00105', category: 'quantization', why: { en: 'Per-layer bit widths under a memory budget.' } });
    assert.equal(a.status, 200, await a.clone().text());
    assert.match(readFileSync(join(t.catalog, 'papers', '2506.00105.yaml'), 'utf8'), /added: 2025-06-30/);
    const wrong = await post('accept', { id: '2506.00106', category: 'nope' });
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { problems: { code: string }[] }).problems[0]!.code, 'E_UNKNOWN_CATEGORY');
    // "Rank again" leaves out what was triaged.
    const again = (await (await fetch(`${t.url}/triage/api/candidates?top=50&fresh=1`)).json()) as { overall: { id: string }[] };
    assert.ok(!again.overall.some((x) => x.id === '2506.00113' || x.id === '2506.00105'));
  } finally {
    await t.close();
  }
});

const CHROMIUM = '/usr/bin/chromium';

test('the triage page works from the keyboard in a real browser', { skip: !existsSync(CHROMIUM) && 'needs chromium' }, async () => {
  const { chromium } = await import('playwright-core');
  const t = await setup();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${t.url}/triage/`);
    await page.selectOption('#since', '');
    await page.waitForSelector('li.card');
    const tabs = await page.locator('#tabs button').allTextContents();
    assert.deepEqual(tabs.map((x) => x.replace(/ \(\d+\)$/, '')), ['Overall', 'Compression', 'Quantization', 'Retrieval-Augmented Generation']);
    await page.keyboard.press('3'); // the Quantization list
    await page.waitForFunction(() => document.querySelector('#tabs button[aria-pressed="true"]')?.textContent?.startsWith('Quantization'));
    const first = await page.locator('li.card.current').getAttribute('data-id');
    assert.ok(['2506.00104', '2506.00105', '2506.00106'].includes(first!), `first quantization suggestion ${first}`);
    await page.keyboard.press('Enter');
    assert.ok(await page.locator('li.card.current.open .abstract').isVisible(), 'Enter shows the abstract');
    await page.keyboard.press('a');
    await page.waitForFunction((id) => document.querySelector(`li.card[data-id="${id}"] .verdict`)?.textContent?.startsWith('accepted'), first);
    assert.ok(existsSync(join(t.catalog, 'papers', `${first}.yaml`)), 'accepted into the catalog');
    const second = await page.locator('li.card.current').getAttribute('data-id');
    assert.notEqual(second, first, 'the next card is current');
    await page.keyboard.press('r');
    await page.waitForFunction((id) => document.querySelector(`li.card[data-id="${id}"] .verdict`)?.textContent === 'rejected', second);
    assert.deepEqual(readRejected(t.catalog).map((x) => x.arxiv), [second]);
    const third = await page.locator('li.card.current').getAttribute('data-id');
    await page.keyboard.press('s');
    await page.waitForFunction((id) => document.querySelector(`li.card[data-id="${id}"] .verdict`)?.textContent === 'skipped', third);
    await page.keyboard.press('k');
    assert.equal(await page.locator('li.card.current').getAttribute('data-id'), third, 'k goes back up');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(tempDir(), 'triage.png') });
  } finally {
    await browser.close();
    await t.close();
  }
});
