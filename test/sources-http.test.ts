/** The polite HTTP client: gates, retries, Retry-After, timeouts, resets, the cache. Against the local replay server. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HttpClient, HttpError, parseRetryAfter } from '../src/sources/http.js';
import { ReplayServer, tempDir, TEST_USER_AGENT, testSources, virtualClock } from './sources-replay.js';

let server: ReplayServer;
before(async () => {
  server = await ReplayServer.start();
});
after(() => server.close());

const q = (id: string) => `${server.url}/arxiv/api/query?id_list=${id}`;
const requestsAt = (events: { type: string; at: number; source?: string }[], source = 'arxiv') => events.filter((e) => e.type === 'request' && e.source === source).map((e) => e.at);

test('arXiv gets one request every 3 s on one connection, with an identifying User-Agent', async () => {
  const { sources, events } = testSources(server);
  const start = server.count('arxiv');
  // Five requests fired at once: the gate runs them one at a time, 3 s apart.
  await Promise.all(['2305.18290', '2106.09685', '1706.03762', '1810.04805', '2005.14165'].map((id) => sources.client.request({ source: 'arxiv', url: q(id) })));
  const at = requestsAt(events);
  assert.equal(at.length, 5);
  for (let i = 1; i < at.length; i++) assert.ok(at[i]! - at[i - 1]! >= 3000, `gap ${at[i]! - at[i - 1]!} ms`);
  assert.equal(server.maxInFlight.arxiv, 1, 'never two arXiv requests at once');
  assert.equal(server.count('arxiv') - start, 5);
  assert.ok(server.log.slice(start).every((l) => l.userAgent === TEST_USER_AGENT));
});

test('sources have separate gates: Semantic Scholar does not wait for arXiv', async () => {
  const { sources, events } = testSources(server);
  await Promise.all([
    sources.client.request({ source: 'arxiv', url: q('2305.18290') }),
    sources.client.request({ source: 'arxiv', url: q('2106.09685') }),
    sources.client.request({ source: 's2', url: `${server.url}/s2/graph/v1/paper/batch`, method: 'POST', body: '{"ids":["ARXIV:2305.18290"]}' }),
  ]);
  const s2 = requestsAt(events, 's2');
  assert.deepEqual(s2, [Date.UTC(2026, 0, 1)], 'the S2 request starts at once');
});

test('429 with Retry-After is honoured, then the request succeeds', async () => {
  const { sources, events } = testSources(server);
  server.inject('arxiv', { kind: '429', retryAfter: '7' });
  const res = await sources.client.request({ source: 'arxiv', url: q('2305.18290') });
  assert.equal(res.status, 200);
  const at = requestsAt(events);
  assert.equal(at.length, 2);
  assert.ok(at[1]! - at[0]! >= 7000, `waited ${at[1]! - at[0]!} ms`);
  assert.equal(sources.client.stats.retries, 1);
  const retry = events.find((e) => e.type === 'retry');
  assert.ok(retry && retry.type === 'retry' && /HTTP 429/.test(retry.reason));
});

test('Retry-After as an HTTP date, and a wait too long to honour fails at once with a clear message', async () => {
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', Date.UTC(2026, 0, 1)), 30_000);
  assert.equal(parseRetryAfter('soon', 0), undefined);
  const { sources } = testSources(server, { http: { maxRetryAfterMs: 60_000 } });
  server.inject('arxiv', { kind: '429', retryAfter: '3600' });
  await assert.rejects(sources.client.request({ source: 'arxiv', url: q('2305.18290') }), (e: HttpError) => e.kind === 'retry-after' && /wait 3600 s/.test(e.message));
});

test('503s are retried with exponential backoff and jitter', async () => {
  const { sources, events } = testSources(server, { http: { random: () => 1 } });
  server.inject('arxiv', { kind: '503' }, { kind: '503' }, { kind: '503' });
  const res = await sources.client.request({ source: 'arxiv', url: q('2305.18290') });
  assert.equal(res.status, 200);
  const delays = events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.delayMs : 0));
  assert.deepEqual(delays, [2000, 4000, 8000], 'doubling (jitter at its maximum)');
  const half = testSources(server, { http: { random: () => 0 } });
  server.inject('arxiv', { kind: '503' });
  await half.sources.client.request({ source: 'arxiv', url: q('2106.09685') });
  assert.deepEqual(half.events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.delayMs : 0)), [1000], 'jitter keeps at least half the delay');
});

test('a connection reset and a response slower than the timeout are retried', async () => {
  const { sources, events } = testSources(server, { http: { timeoutMs: 1000 } });
  server.inject('arxiv', { kind: 'reset' }, { kind: 'slow', ms: 4000 });
  const t0 = performance.now();
  const res = await sources.client.request({ source: 'arxiv', url: q('2305.18290') });
  assert.equal(res.status, 200);
  assert.ok(performance.now() - t0 < 3500, 'the slow answer was abandoned at the timeout');
  const reasons = events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.reason : ''));
  assert.equal(reasons.length, 2);
  assert.match(reasons[0]!, /connection to 127\.0\.0\.1:\d+ failed/);
  assert.match(reasons[1]!, /did not answer within 1 s/);
});

test('after the last retry the caller gets an HttpError and nothing is cached', async () => {
  const cacheDir = tempDir();
  const { sources } = testSources(server, { cacheDir, http: { retries: 2 } });
  server.inject('arxiv', { kind: '503' }, { kind: '503' }, { kind: '503' });
  await assert.rejects(sources.client.request({ source: 'arxiv', url: q('1706.03762') }), (e: HttpError) => e instanceof HttpError && e.kind === 'status' && e.status === 503 && /gave up after 3 attempts/.test(e.message));
  assert.deepEqual(readdirSync(cacheDir), []);
});

test('an answer the caller rejects (truncated, not UTF-8, HTML) is retried and never cached', async () => {
  const cacheDir = tempDir();
  const { sources } = testSources(server, { cacheDir });
  server.inject('arxiv', { kind: 'truncated' }, { kind: 'badutf8' }, { kind: 'html' });
  const seen: string[] = [];
  const validate = (r: { body: Buffer; contentType: string }) => {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(r.body);
    const reason = r.contentType.includes('html') ? 'html' : text.includes('\uFFFD') ? 'utf8' : !text.trimEnd().endsWith('</feed>') ? 'truncated' : undefined;
    if (reason) seen.push(reason);
    return reason ? { reason } : undefined;
  };
  const res = await sources.client.request({ source: 'arxiv', url: q('2005.14165'), validate });
  assert.deepEqual(seen, ['truncated', 'utf8', 'html']);
  assert.match(res.body.toString(), /Language Models are Few-Shot Learners/);
  const files = readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
  assert.equal(files.length, 1, 'only the good answer is cached');
});

test('the on-disk cache: a re-run makes no request, until the answer is older than max-age or --fresh', async () => {
  const cacheDir = tempDir();
  const clock = virtualClock();
  const first = testSources(server, { cacheDir, clock, s2ApiKey: 'secret-key' });
  const spec = { source: 's2', url: `${server.url}/s2/graph/v1/paper/batch?fields=title`, method: 'POST' as const, body: '{"ids":["ARXIV:2305.18290"]}', headers: { 'x-api-key': 'secret-key' } };
  const n = server.count('s2');
  const a = await first.sources.client.request(spec);
  assert.equal(server.count('s2'), n + 1);
  const b = await testSources(server, { cacheDir, clock }).sources.client.request(spec);
  assert.equal(server.count('s2'), n + 1, 'second run: served from the cache');
  assert.ok(b.fromCache);
  assert.deepEqual(b.body, a.body);
  const cached = readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  assert.equal(cached.length, 1);
  assert.doesNotMatch(readFileSync(join(cacheDir, cached[0]!), 'utf8'), /secret-key/, 'API keys never reach the cache');
  // A different body is a different request.
  await testSources(server, { cacheDir, clock }).sources.client.request({ ...spec, body: '{"ids":["ARXIV:2106.09685"]}' });
  assert.equal(server.count('s2'), n + 2);
  // Older than max-age: asked again.
  clock.now += 2 * 86_400_000;
  await testSources(server, { cacheDir, clock, http: { maxAgeMs: 86_400_000 } }).sources.client.request(spec);
  assert.equal(server.count('s2'), n + 3);
  await testSources(server, { cacheDir, clock, http: { fresh: true } }).sources.client.request(spec);
  assert.equal(server.count('s2'), n + 4, 'fresh ignores the cache');
});

test('a corrupt cache file is a miss, an unwritable cache costs requests but not results', async () => {
  const { writeFileSync, mkdirSync, chmodSync } = await import('node:fs');
  const cacheDir = tempDir();
  const { sources } = testSources(server, { cacheDir });
  await sources.client.request({ source: 'arxiv', url: q('2302.13971') });
  const file = readdirSync(cacheDir, { recursive: true }).map(String).find((f) => f.endsWith('.json'))!;
  writeFileSync(join(cacheDir, file), '{not json');
  const n = server.count('arxiv');
  const again = await testSources(server, { cacheDir }).sources.client.request({ source: 'arxiv', url: q('2302.13971') });
  assert.equal(again.fromCache, false);
  assert.equal(server.count('arxiv'), n + 1);
  const locked = join(tempDir(), 'cache');
  mkdirSync(locked);
  chmodSync(locked, 0o500);
  const t = testSources(server, { cacheDir: join(locked, 'sub') });
  const res = await t.sources.client.request({ source: 'arxiv', url: q('2302.13971') });
  assert.equal(res.status, 200);
  if (process.getuid?.() !== 0) assert.ok(t.events.some((e) => e.type === 'cache-error'));
});

test('bodies larger than the limit are refused', async () => {
  const client = new HttpClient({ userAgent: 'x', maxBytes: 1000, sleep: async () => {}, timeoutMs: 1000 });
  await assert.rejects(client.request({ source: 'arxiv', url: q('2005.14165') }), (e: HttpError) => e.kind === 'too-large');
});

test('per-id records: one file per source, read by the next run, torn lines skipped, expired ones dropped', async () => {
  const { appendFileSync, readdirSync: ls } = await import('node:fs');
  const cacheDir = tempDir();
  const clock = virtualClock();
  const mk = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) => new HttpClient({ userAgent: 'x', cacheDir, clock: clock.clock, maxAgeMs: 86_400_000, ...extra });
  mk().putRecords('arxiv', [['2305.18290', { title: 'DPO' }], ['2106.09685', { title: 'LoRA' }]]);
  mk().putRecords('s2', [['ARXIV:2399.99999', null]]);
  assert.deepEqual(ls(cacheDir).sort(), ['records-arxiv.jsonl', 'records-s2.jsonl']);
  appendFileSync(join(cacheDir, 'records-arxiv.jsonl'), '{"k":"torn","t":');
  mk().putRecords('arxiv', [['2402.01306', { title: 'KTO' }]]);
  const next = mk();
  assert.deepEqual(next.getRecord('arxiv', '2402.01306'), { value: { title: 'KTO' } }, 'not swallowed by the torn line');
  assert.deepEqual(next.getRecord('arxiv', '2305.18290'), { value: { title: 'DPO' } });
  assert.deepEqual(next.getRecord('s2', 'ARXIV:2399.99999'), { value: null }, 'a remembered "unknown"');
  assert.equal(next.getRecord('arxiv', 'torn'), undefined);
  assert.equal(next.stats.cacheHits, 3);
  assert.equal(mk({ fresh: true }).getRecord('arxiv', '2305.18290'), undefined, 'fresh ignores records');
  clock.now += 2 * 86_400_000;
  assert.equal(mk().getRecord('arxiv', '2305.18290'), undefined, 'older than max-age');
});

test('redirects are followed as fetch does, compressed answers inflated, keys kept from other hosts', async () => {
  const { createServer } = await import('node:http');
  const { gzipSync } = await import('node:zlib');
  const seen: { method: string; url: string; key?: string; body: string }[] = [];
  const other = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, ...(req.headers['x-api-key'] ? { key: String(req.headers['x-api-key']) } : {}), body: '' });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"elsewhere":true}');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
  const local = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    seen.push({ method: req.method!, url: req.url!, ...(req.headers['x-api-key'] ? { key: String(req.headers['x-api-key']) } : {}), body });
    if (req.url === '/moved') return void res.writeHead(301, { location: '/gzip' }).end();
    if (req.url === '/gzip') return void res.writeHead(200, { 'content-type': 'Application/JSON', 'content-encoding': 'gzip' }).end(gzipSync('{"ok":true}'));
    if (req.url === '/post') return void res.writeHead(303, { location: '/gzip' }).end();
    if (req.url === '/away') return void res.writeHead(307, { location: `${otherUrl}/there` }).end();
    if (req.url === '/bomb') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(100_000)));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(local.address() as { port: number }).port}`;
  try {
    const client = new HttpClient({ userAgent: 'x', sleep: async () => {}, timeoutMs: 2000, retries: 0, maxBytes: 50_000 });
    const a = await client.request({ source: 't', url: `${base}/moved` });
    assert.deepEqual([a.status, a.contentType, a.body.toString()], [200, 'application/json', '{"ok":true}']);
    const b = await client.request({ source: 't', url: `${base}/post`, method: 'POST', body: '{"ids":[]}' });
    assert.equal(b.body.toString(), '{"ok":true}');
    assert.deepEqual(seen.slice(2).map((s) => `${s.method} ${s.url} ${s.body}`), ['POST /post {"ids":[]}', 'GET /gzip '], '303 turns a POST into a GET');
    const c = await client.request({ source: 't', url: `${base}/away`, headers: { 'x-api-key': 'secret' } });
    assert.equal(c.body.toString(), '{"elsewhere":true}');
    assert.deepEqual(seen.slice(-2).map((s) => s.key), ['secret', undefined], 'the API key does not follow a redirect to another host');
    await assert.rejects(client.request({ source: 't', url: `${base}/bomb` }), (e: HttpError) => e.kind === 'too-large' && /more than 50000 bytes once inflated/.test(e.message));
  } finally {
    local.close();
    other.close();
  }
});
