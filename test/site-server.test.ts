/** `serve`: the static handler (in-process, raw HTTP requests), rebuilds on catalog changes, the CLI. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createStaticHandler, requestPath } from '../src/server/static.js';
import { serve } from '../src/server/serve.js';
import { FIXTURES, paperYaml, ROOT, tempDir, tree } from './helpers.js';

let server: Server;
let port: number;
let root: string;

before(async () => {
  const dir = tree({
    'site/index.html': '<!doctype html><title>home</title>',
    'site/404.html': '<!doctype html><title>not here</title>',
    'site/papers/x/index.html': '<p>paper</p>',
    'site/papers/2305.18290.html': '<p>flat paper</p>',
    'site/assets/v1/app.js': 'console.log(1);'.repeat(100),
    'site/a file.txt': 'spaces',
    'secret.txt': 'TOP SECRET',
  });
  root = join(dir, 'site');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'leak.txt'));
  server = createServer(createStaticHandler({ root }));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((ok) => server.close(() => ok())));

/** A request with the path sent exactly as given (no client-side normalization). */
function raw(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode!, body: Buffer.concat(chunks).toString('latin1'), headers: res.headers }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Bytes straight onto the socket, for request lines Node's client refuses to send. */
function socket(line: string): Promise<string> {
  return new Promise((ok, fail) => {
    const s = connect(port, '127.0.0.1', () => s.end(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let out = '';
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('end', () => ok(out));
    s.on('error', fail);
  });
}

test('serves pages, folders with index.html, and redirects a folder without its slash', async () => {
  assert.equal((await raw('/')).status, 200);
  const p = await raw('/papers/x/');
  assert.equal(p.status, 200);
  assert.equal(p.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(p.headers['x-content-type-options'], 'nosniff');
  const r = await raw('/papers/x?lang=zh');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/papers/x/?lang=zh');
  assert.equal((await raw('/a%20file.txt')).body, 'spaces');
  // Clean URLs, as GitHub Pages answers them: a path that names no file is also looked up with ".html".
  assert.equal((await raw('/papers/2305.18290')).body, '<p>flat paper</p>');
  assert.equal((await raw('/papers/2305.18290.html')).body, '<p>flat paper</p>');
  assert.equal((await raw('/papers/2305.18291')).status, 404);
  assert.equal((await raw('/papers/2305.18290.html.html')).status, 404);
});

test('never serves outside its folder, whatever the encoding', async () => {
  const attempts = [
    '/../../etc/passwd',
    '/../secret.txt',
    '/papers/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/papers/%2e%2e/%2e%2e/secret.txt',
    '/./../secret.txt',
    '/leak.txt',
    '//etc/passwd',
    '/%c0%ae%c0%ae/secret.txt',
    '/index.html%00.txt',
    '/%00',
  ];
  for (const path of attempts) {
    const r = await raw(path);
    assert.ok(r.status >= 400 && r.status < 500, `${path} → ${r.status}`);
    assert.doesNotMatch(r.body, /TOP SECRET|root:/, path);
  }
  // Request lines no well-behaved client sends.
  for (const line of ['GET ../../etc/passwd HTTP/1.1', 'GET /\u0000 HTTP/1.1', 'GET http://evil/ HTTP/1.1', 'GARBAGE']) {
    const out = await socket(line);
    assert.match(out, /^HTTP\/1\.1 4\d\d/, JSON.stringify(line));
    assert.doesNotMatch(out, /TOP SECRET|root:/);
  }
});

test('bad requests get 4xx answers and the server keeps serving', async () => {
  assert.equal((await raw('/%E0%A4%A')).status, 400, 'malformed percent-encoding');
  assert.equal((await raw('/x', 'POST')).status, 405);
  assert.equal((await raw('/x', 'DELETE')).headers.allow, 'GET, HEAD');
  assert.equal((await raw('/' + 'a'.repeat(5000))).status, 414);
  const nf = await raw('/nope/');
  assert.equal(nf.status, 404);
  assert.match(nf.body, /not here/, 'the site’s own 404 page');
  assert.equal((await raw('/')).status, 200);
});

test('gzip, HEAD, ETag revalidation and long caching of versioned assets', async () => {
  const gz = await raw('/assets/v1/app.js', 'GET', { 'Accept-Encoding': 'gzip, br' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(String(gz.headers['cache-control']), /immutable/);
  const head = await raw('/assets/v1/app.js', 'HEAD');
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], '1500');
  const again = await raw('/assets/v1/app.js', 'GET', { 'If-None-Match': String(head.headers.etag) });
  assert.equal(again.status, 304);
  assert.equal((await raw('/')).headers['cache-control'], 'no-cache');
});

test('a site under a sub-path', async () => {
  const s = createServer(createStaticHandler({ root, base: '/llm-papers/' }));
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const p = (s.address() as AddressInfo).port;
  const get = (path: string) => new Promise<{ status: number; location?: string }>((ok) => request({ host: '127.0.0.1', port: p, path }, (res) => (res.resume(), ok({ status: res.statusCode!, ...(res.headers.location ? { location: res.headers.location } : {}) }))).end());
  try {
    assert.equal((await get('/llm-papers/papers/x/')).status, 200);
    assert.deepEqual(await get('/'), { status: 302, location: '/llm-papers/' });
    assert.deepEqual(await get('/llm-papers'), { status: 301, location: '/llm-papers/' });
    assert.equal((await get('/papers/x/')).status, 404);
  } finally {
    await new Promise<void>((ok) => s.close(() => ok()));
  }
});

test('requestPath decodes once and refuses traversal', () => {
  assert.deepEqual(requestPath('/a%20b/?x=1'), { path: 'a b/', query: '?x=1' });
  assert.equal((requestPath('/%2e%2e/x') as { status: number }).status, 400);
  assert.deepEqual(requestPath('/%252e%252e/x'), { path: '%2e%2e/x', query: '' });
});

test('serve builds the site, serves it, and rebuilds when the catalog changes', async () => {
  const dir = tempDir();
  cpSync(join(FIXTURES, 'site', 'catalog'), join(dir, 'catalog'), { recursive: true });
  const events: string[] = [];
  const handle = await serve({ catalog: join(dir, 'catalog'), port: 0, debounceMs: 50, onEvent: (e) => events.push(e.kind) });
  try {
    assert.match(handle.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await fetch(handle.url);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /Test Reading List/);
    assert.equal((await fetch(handle.url + 'feeds/all.atom.xml')).status, 200, 'other outputs are built too');
    assert.equal((await fetch(handle.url + 'papers/2402.03300.html')).status, 404);

    let rebuilt = handle.rebuilt();
    writeFileSync(join(dir, 'catalog', 'papers', '2402.03300.yaml'), paperYaml({ arxiv: '"2402.03300"', title: '"DeepSeekMath: Pushing the Limits of Mathematical Reasoning"', date: '2024-02-05', categories: '[reasoning]', tags: '[must-read]' }));
    await rebuilt;
    const page = await fetch(handle.url + 'papers/2402.03300.html');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /DeepSeekMath/);

    // A broken file: the problems are reported and the last good site stays up.
    rebuilt = handle.rebuilt();
    writeFileSync(join(dir, 'catalog', 'papers', '2402.03300.yaml'), 'title: [unclosed\n');
    await rebuilt;
    assert.ok(events.includes('failed'));
    assert.equal((await fetch(handle.url + 'papers/2402.03300.html')).status, 200);
  } finally {
    await handle.close();
  }
});

test('papershelf serve: prints its address, serves, stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'papershelf.js'), 'serve', '--catalog', join(FIXTURES, 'site', 'catalog'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no address printed: ${out} ${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) (clearTimeout(timer), ok(m[1]!));
    });
    child.on('exit', () => fail(new Error(`exited: ${out} ${err}`)));
  });
  const res = await fetch(url + 'papers/1706.03762.html');
  assert.equal(res.status, 200);
  const code = await new Promise<number | null>((ok) => {
    child.removeAllListeners('exit');
    child.on('exit', (c) => ok(c));
    child.kill('SIGTERM');
  });
  assert.equal(code, 0, err);
  const bad = spawn(process.execPath, [join(ROOT, 'bin', 'papershelf.js'), 'serve', '--port', 'abc']);
  assert.equal(await new Promise((ok) => bad.on('exit', ok)), 2);
});

test('serve refuses an output folder that would replace the catalog', async () => {
  const dir = tempDir();
  cpSync(join(FIXTURES, 'site', 'catalog'), join(dir, 'catalog'), { recursive: true });
  await assert.rejects(serve({ catalog: join(dir, 'catalog'), out: dir, port: 0, watch: false }), /would replace a folder holding the catalog/);
});

test('serve refuses a catalog with errors at start', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'catalog', 'papers'), { recursive: true });
  writeFileSync(join(dir, 'catalog', 'taxonomy.yaml'), 'title: [broken\n');
  await assert.rejects(serve({ catalog: join(dir, 'catalog'), port: 0, watch: false }), /PapershelfError|taxonomy|flow/i);
});

test('serve mounts the triage page of discovery beside the site', async () => {
  const dir = tree({ 'catalog/taxonomy.yaml': 'title: T\ncategories:\n  - id: rlhf\n    name: { en: RLHF }\n', 'catalog/papers/2305.18290.yaml': paperYaml({ tags: '' }) });
  const handle = await serve({ catalog: join(dir, 'catalog'), port: 0, watch: false, store: join(dir, 'store.sqlite') });
  try {
    const page = await fetch(`${handle.url}triage/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Triage/);
    const home = await fetch(handle.url);
    assert.equal(home.status, 200);
  } finally {
    await handle.close();
  }
});
