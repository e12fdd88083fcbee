/**
 * Issue 5, feeds: every feed `build --out` writes is read by a real feed reader — feedparser (Debian's
 * python3-feedparser) for Atom and RSS, feedsmith for JSON Feed 1.1 (feedparser 6.0 has no JSON Feed) — and the XML
 * feeds are checked strictly against the elements Atom 1.0 and RSS 2.0 require (test/export-feedcheck.py).
 * Skips on a developer machine without python3-feedparser; in CI (CI=true) it fails instead.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseFeed, parseJsonFeed } from 'feedsmith';
import { loadCatalog } from '../src/catalog/load.js';
import { exportEntries, writeFeedsAndExports } from '../src/commands/export.js';
import { buildFeeds, FEED_AUTHORS, feedOrder } from '../src/export/feeds.js';
import { flattenCategories } from '../src/model/taxonomy.js';
import { urls } from '../src/site/urls.js';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasFeedparser = spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8' }).status === 0;
const skip = !hasFeedparser && process.env.CI !== 'true' ? "Debian's python3-feedparser is not installed" : false;

const SITE = 'https://example.org/list/';
const NOW = new Date('2026-12-01T10:00:00Z');
const FIXTURE = join(FIXTURES, 'export', 'catalog');

interface Read {
  bozo: number;
  bozo_exception: string;
  version: string;
  title: string;
  id?: string;
  updated?: string;
  feed_links: { rel: string; href: string }[];
  problems?: string[];
  entries: { id: string; title: string; link: string; summary?: string; summary_lang?: string; links: { rel: string; href: string }[]; published?: string; authors: string[]; tags: string[] }[];
}

/** Writes the outputs to a temporary folder and reads every XML feed with feedparser (two processes, two cores). */
async function readAll(files: Map<string, string | Uint8Array>): Promise<{ dir: string; read: Record<string, Read> }> {
  const dir = tempDir('papershelf-feeds-');
  const xml: string[] = [];
  for (const [rel, content] of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
    if (rel.startsWith('feeds/') && rel.endsWith('.xml')) xml.push(rel);
  }
  const half = Math.ceil(xml.length / 2);
  const parts = await Promise.all([xml.slice(0, half), xml.slice(half)].filter((p) => p.length).map((part) => python(part, dir)));
  return { dir, read: Object.assign({}, ...parts) };
}

function python(paths: string[], cwd: string): Promise<Record<string, Read>> {
  return new Promise((done, failed) => {
    const child = spawn(PYTHON, [join(ROOT, 'test', 'export-feedcheck.py'), ...paths], { cwd });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', failed);
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out)) : failed(new Error(`feedcheck exited ${code}: ${err}`))));
  });
}

const text = (files: Map<string, string | Uint8Array>, path: string) => {
  const t = files.get(path);
  assert.equal(typeof t, 'string', `${path} was written`);
  return t as string;
};

test('every feed of the fixture catalog reads cleanly, with the right entries in the right order', { skip }, async () => {
  const catalog = loadCatalog(FIXTURE);
  const files = await writeFeedsAndExports({ catalog, base: '/list/', siteUrl: SITE, now: NOW });
  const { read } = await readAll(files);
  const cats = flattenCategories(catalog.taxonomy).map((c) => c.node.id);
  const tags = catalog.taxonomy.tags!.map((t) => t.id);
  const scopes = [{ kind: 'all' as const }, ...cats.map((id) => ({ kind: 'category' as const, id })), ...tags.map((id) => ({ kind: 'tag' as const, id }))];
  const feedFiles = [...files.keys()].filter((k) => k.startsWith('feeds/'));
  assert.equal(feedFiles.length, scopes.length * 3, 'three formats per scope');

  const { entries } = exportEntries(catalog);
  const page = (stem: string) => SITE + urls.paper(stem);
  const expected = (filter: (p: (typeof entries)[number]) => boolean) => [...entries].sort(feedOrder).filter(filter).map((e) => page(e.stem));
  const under = (id: string) => new Set(flattenCategories(catalog.taxonomy).filter((c) => c.path.includes(id)).map((c) => c.node.id));

  for (const scope of scopes) {
    const want = expected((e) => (scope.kind === 'all' ? true : scope.kind === 'category' ? e.paper.categories.some((c) => under(scope.id).has(c)) : (e.paper.tags ?? []).includes(scope.id)));
    for (const format of ['atom', 'rss'] as const) {
      // On disk a Chinese tag is a Chinese file name; in links it is percent-encoded.
      const rel = decodeURIComponent(urls.feed(scope, format));
      const r = read[rel]!;
      assert.ok(r, rel);
      assert.equal(r.bozo, 0, `${rel}: ${r.bozo_exception}`);
      assert.deepEqual(r.problems, [], rel);
      assert.equal(r.version, format === 'atom' ? 'atom10' : 'rss20', rel);
      assert.deepEqual(r.entries.map((e) => e.id), want, `${rel}: entries, newest added first`);
      assert.deepEqual(r.entries.map((e) => e.link), want, `${rel}: links to the paper pages`);
      assert.ok(r.feed_links.some((l) => l.rel === 'self' && l.href === SITE + urls.feed(scope, format)), `${rel}: self link`);
    }
    const rel = decodeURIComponent(urls.feed(scope, 'json'));
    const json = JSON.parse(text(files, rel));
    // JSON Feed 1.1 requires version, title and items; items need an id and content_html or content_text.
    assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(json.feed_url, SITE + urls.feed(scope, 'json'));
    assert.ok(json.title && Array.isArray(json.items));
    for (const it of json.items) assert.ok(typeof it.id === 'string' && (typeof it.content_html === 'string' || typeof it.content_text === 'string'));
    const parsed = parseFeed(text(files, rel));
    assert.equal(parsed.format, 'json', rel);
    const feed = parseJsonFeed(text(files, rel));
    assert.deepEqual((feed.items ?? []).map((i) => i.id), want, `${rel}: JSON Feed entries`);
  }

  // One entry in detail, in each format.
  const dpo = page('2305.18290');
  const atom = read['feeds/all.atom.xml']!.entries.find((e) => e.id === dpo)!;
  assert.equal(atom.title, 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model');
  assert.equal(atom.summary, 'Shows that the RLHF objective can be optimized with a simple classification loss on preference pairs.');
  assert.ok(atom.links.some((l) => l.rel === 'related' && l.href === 'https://arxiv.org/abs/2305.18290'), 'links to the paper');
  assert.equal(atom.published, '2026-01-10T00:00:00Z');
  assert.deepEqual(atom.authors, ['Rafael Rafailov', 'Archit Sharma', 'Eric Mitchell', 'Stefano Ermon', 'Christopher D. Manning', 'Chelsea Finn']);
  assert.deepEqual(atom.tags, ['rlhf', 'must-read', 'preference-optimization']);
  const rss = read['feeds/all.rss.xml']!.entries.find((e) => e.id === dpo)!;
  assert.match(rss.summary!, /^<p>Shows that the RLHF objective .*<\/p>/);
  assert.match(rss.summary!, /href="https:\/\/arxiv\.org\/abs\/2305\.18290"/);
  assert.match(rss.summary!, /href="https:\/\/github\.com\/eric-mitchell\/direct-preference-optimization"/);
  assert.equal(rss.published, 'Sat, 10 Jan 2026 00:00:00 GMT');
  const jf = JSON.parse(text(files, 'feeds/all.json')).items.find((i: { id: string }) => i.id === dpo);
  assert.equal(jf.external_url, 'https://arxiv.org/abs/2305.18290');
  assert.equal(jf.summary, atom.summary);
  assert.equal(jf.date_published, '2026-01-10T00:00:00Z');

  // Untrusted text: markup in a reason stays text, a control character is dropped, the feed still parses.
  const odd = read['feeds/all.atom.xml']!.entries.find((e) => e.id === page('2310.00001'))!;
  assert.equal(odd.title, 'Direct Preference Heuristics for <Unsafe> "Quoted" & Ampersand Titles');
  assert.match(odd.summary!, /a bell {2}and <b>markup<\/b>\./);
  assert.doesNotMatch(text(files, 'feeds/all.atom.xml'), /\u0007|<b>/);

  // A Chinese-only reason is marked as Chinese; long author lists end with "et al.".
  const zh = read['feeds/tag/中文.atom.xml']!.entries[0]!;
  assert.equal(zh.summary_lang, 'zh');
  assert.equal(zh.authors.length, FEED_AUTHORS + 1);
  assert.equal(zh.authors.at(-1), 'et al.');
  assert.equal(JSON.parse(text(files, 'feeds/tag/中文.json')).items[0].language, 'zh');
  assert.ok(read['feeds/tag/中文.rss.xml']!.feed_links.some((l) => l.href === `${SITE}feeds/tag/%E4%B8%AD%E6%96%87.rss.xml`));

  // A category with no papers still has valid, empty feeds.
  assert.deepEqual(read['feeds/category/empty.atom.xml']!.entries, []);
  assert.equal(read['feeds/category/empty.atom.xml']!.updated, '2026-03-15T00:00:00Z');
});

test('feeds are deterministic: the build time does not change them, the newest added does', async () => {
  const catalog = loadCatalog(FIXTURE);
  const a = await writeFeedsAndExports({ catalog, base: '/', siteUrl: SITE, now: NOW });
  const b = await writeFeedsAndExports({ catalog, base: '/', siteUrl: SITE, now: new Date('2030-01-01T00:00:00Z') });
  for (const [path, content] of a) if (path.startsWith('feeds/')) assert.equal(b.get(path), content, path);
  assert.match(text(a, 'feeds/all.atom.xml'), /<updated>2026-03-15T00:00:00Z<\/updated>/);
  assert.match(text(a, 'feeds/category/classics.rss.xml'), /<lastBuildDate>Sat, 14 Feb 2026 00:00:00 GMT<\/lastBuildDate>/);
});

test('each feed holds the newest papers up to the limit; categories include their sub-categories', async () => {
  const catalog = loadCatalog(FIXTURE);
  const { entries } = exportEntries(catalog);
  const feeds = buildFeeds({ taxonomy: catalog.taxonomy, entries, siteUrl: SITE, now: NOW, limit: 3 });
  const all = feeds.find((f) => f.scope.kind === 'all')!;
  assert.deepEqual(all.items.map((i) => i.id.replace(SITE, '')), ['papers/2401.00003.html', 'papers/2311.00002.html', 'papers/2310.00001.html']);
  const compression = feeds.find((f) => f.scope.kind === 'category' && f.scope.id === 'compression')!;
  assert.deepEqual(compression.items.map((i) => i.id.replace(SITE, '')), ['papers/2401.00003.html', 'papers/2311.00002.html']);
  assert.equal(compression.title, 'Export Test List: Compression');
  assert.equal(compression.page, `${SITE}categories/compression/`);
  // The same paper has the same id in every feed.
  const ids = new Set(feeds.flatMap((f) => f.items.filter((i) => i.title.startsWith('QuIP')).map((i) => i.id)));
  assert.equal(ids.size, 1);
});

test('the bundled catalog: every feed reads cleanly in feedparser and feedsmith', { skip }, async () => {
  const catalog = loadCatalog(join(ROOT, 'catalog'));
  const files = await writeFeedsAndExports({ catalog, base: '/', siteUrl: SITE, now: NOW });
  const { read } = await readAll(files);
  const xml = Object.keys(read);
  assert.ok(xml.length > 100, `${xml.length} XML feeds`);
  for (const [rel, r] of Object.entries(read)) {
    assert.equal(r.bozo, 0, `${rel}: ${r.bozo_exception}`);
    assert.deepEqual(r.problems, [], rel);
    assert.ok(r.entries.length <= 50, rel);
    assert.ok(r.entries.every((e) => e.id.startsWith(`${SITE}papers/`) && e.summary), rel);
  }
  assert.equal(read['feeds/all.atom.xml']!.entries.length, 50);
  for (const [rel, content] of files) if (rel.startsWith('feeds/') && rel.endsWith('.json')) assert.equal(parseFeed(content as string).format, 'json', rel);
});
