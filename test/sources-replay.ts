/**
 * A local replay server for the sources' tests: 127.0.0.1, port 0, answering like arXiv's API (/arxiv/api/query),
 * Semantic Scholar's batch endpoint (/s2/graph/v1/paper/batch) and Crossref (/crossref/works/{doi}) from this
 * project's own fixtures in test/fixtures/sources/, and injecting faults on demand: 429 with Retry-After, 503,
 * connection reset, a response slower than the client's timeout, truncated XML, invalid UTF-8, an HTML error page,
 * an empty feed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arxivKey } from '../src/sources/arxiv.js';
import { HttpClient, type HttpEvent, type HttpOptions } from '../src/sources/http.js';
import type { Sources } from '../src/sources/lookup.js';

export type Fault =
  | { kind: '429'; retryAfter?: string }
  | { kind: '503' }
  | { kind: 'reset' }
  | { kind: 'slow'; ms: number }
  | { kind: 'truncated' }
  | { kind: 'badutf8' }
  | { kind: 'html' }
  | { kind: 'empty' }
  | { kind: 'status'; status: number; body?: string };

export type SourceName = 'arxiv' | 's2' | 'crossref';

export interface Logged {
  source: SourceName;
  method: string;
  url: string;
  ids: string[];
  userAgent?: string;
  apiKey?: string;
  fault?: Fault['kind'];
}

// Paths computed here rather than taken from helpers.ts, which loads the whole CLI.
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'test', 'fixtures', 'sources');
const NEW_ID = /^\d{4}\.\d{4,5}(v\d+)?$/;
const OLD_ID = /^[a-z][a-z-]*(\.[A-Za-z]{2})?\/\d{7}(v\d+)?$/;

export function fixtureEntries(): Map<string, string> {
  const xml = readFileSync(join(SRC, 'arxiv-entries.xml'), 'utf8');
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/ {2}<entry>[\s\S]*?<\/entry>\n/g)) {
    const id = /<id>http:\/\/arxiv\.org\/abs\/(.+?)v\d+<\/id>/.exec(m[0])![1]!;
    out.set(arxivKey(id), m[0]);
  }
  return out;
}

function feed(entries: string[], query: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/replay</id>
  <title>arXiv Query: ${query.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title>
  <updated>2026-04-12T22:09:36Z</updated>
  <link href="https://arxiv.org/api/query" type="application/atom+xml"/>
  <opensearch:itemsPerPage>${entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${entries.length}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
${entries.join('')}</feed>
`;
}

function errorFeed(id: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/</id>
  <title>arXiv Search Results</title>
  <updated>2026-04-12T22:59:06Z</updated>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>https://arxiv.org/api/errors#incorrect_id_format_for_${id}</id>
    <title>Error</title>
    <updated>2026-04-12T22:59:06Z</updated>
    <link href="https://arxiv.org/api/errors#incorrect_id_format_for_${id}" rel="alternate" type="text/html"/>
    <summary>incorrect id format for ${id}</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
`;
}

/** A made-up entry for any new-style id (for scale tests and the benchmark's cousin). */
export function syntheticEntry(id: string): string {
  const yy = id.slice(0, 2);
  const mm = id.slice(2, 4);
  return `  <entry>
    <id>http://arxiv.org/abs/${id}v2</id>
    <title>Synthetic paper ${id} on sparse attention</title>
    <updated>20${yy}-${mm}-20T10:00:00Z</updated>
    <link href="https://arxiv.org/abs/${id}v2" rel="alternate" type="text/html"/>
    <summary>A synthetic abstract about attention for ${id}.</summary>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <published>20${yy}-${mm}-15T10:00:00Z</published>
    <arxiv:primary_category term="cs.CL"/>
    <author>
      <name>Ada Lovelace</name>
    </author>
  </entry>
`;
}

const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>arXiv is down for maintenance</title></head><body><h1>Back soon</h1></body></html>\n';

export class ReplayServer {
  readonly entries = fixtureEntries();
  readonly s2 = new Map<string, unknown>();
  readonly crossref = new Map<string, unknown>();
  readonly log: Logged[] = [];
  readonly faults: Record<SourceName, Fault[]> = { arxiv: [], s2: [], crossref: [] };
  /** Answer every well-formed new-style arXiv id, inventing entries for those without a fixture. */
  synthesize = false;
  /** Most requests in flight at once, per source. */
  readonly maxInFlight: Record<SourceName, number> = { arxiv: 0, s2: 0, crossref: 0 };
  private inFlight: Record<SourceName, number> = { arxiv: 0, s2: 0, crossref: 0 };
  private server!: Server;
  url = '';

  static async start(): Promise<ReplayServer> {
    const r = new ReplayServer();
    for (const p of JSON.parse(readFileSync(join(SRC, 's2-papers.json'), 'utf8')) as { externalIds: Record<string, string> }[]) {
      if (p.externalIds.ArXiv) r.s2.set(`ARXIV:${p.externalIds.ArXiv}`, p);
      if (p.externalIds.DOI) r.s2.set(`DOI:${p.externalIds.DOI.toLowerCase()}`, p);
    }
    for (const w of JSON.parse(readFileSync(join(SRC, 'crossref-works.json'), 'utf8')) as { message: { DOI: string } }[]) r.crossref.set(w.message.DOI.toLowerCase(), w);
    r.server = createServer((req, res) => void r.handle(req, res));
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
    return r;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  inject(source: SourceName, ...faults: Fault[]): void {
    this.faults[source].push(...faults);
  }

  count(source: SourceName): number {
    return this.log.filter((l) => l.source === source).length;
  }

  /** Gives a fixture paper a new latest version. */
  newVersion(id: string, version: number, day: string): void {
    const key = arxivKey(id);
    const xml = this.entries.get(key)!;
    this.entries.set(key, xml.replace(/v\d+(<\/id>|" rel)/g, `v${version}$1`).replace(/<updated>[^<]+<\/updated>/, `<updated>${day}T12:00:00Z</updated>`));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const source: SourceName | undefined = url.pathname.startsWith('/arxiv/') ? 'arxiv' : url.pathname.startsWith('/s2/') ? 's2' : url.pathname.startsWith('/crossref/') ? 'crossref' : undefined;
    if (!source) {
      res.writeHead(404).end('no such route');
      return;
    }
    const ids = source === 'arxiv' ? (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean) : source === 's2' ? ((JSON.parse(body || '{}') as { ids?: string[] }).ids ?? []) : [decodeURIComponent(url.pathname.replace(/^\/crossref\/works\//, ''))];
    const fault = this.faults[source].shift();
    this.log.push({ source, method: req.method ?? 'GET', url: req.url ?? '', ids, userAgent: req.headers['user-agent'], ...(req.headers['x-api-key'] ? { apiKey: String(req.headers['x-api-key']) } : {}), ...(fault ? { fault: fault.kind } : {}) });
    this.inFlight[source]++;
    this.maxInFlight[source] = Math.max(this.maxInFlight[source], this.inFlight[source]);
    res.on('close', () => this.inFlight[source]--);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === '429') {
      res.writeHead(429, { 'content-type': 'text/plain', ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}) }).end('Rate exceeded.');
      return;
    }
    if (fault?.kind === '503') {
      res.writeHead(503, { 'content-type': 'text/html' }).end(HTML_PAGE);
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json' }).end(fault.body ?? '');
      return;
    }
    if (fault?.kind === 'html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_PAGE);
      return;
    }
    if (fault?.kind === 'slow') {
      // Ends early when the client gives up, so no timer outlives the test.
      await new Promise<void>((r) => {
        const t = setTimeout(r, fault.ms);
        res.on('close', () => (clearTimeout(t), r()));
      });
      if (res.destroyed || res.writableEnded) return;
    }
    let { status, type, text } = this.answer(source, url, ids);
    if (fault?.kind === 'empty') text = source === 'arxiv' ? feed([], url.search) : '[]';
    let bytes = Buffer.from(text, 'utf8');
    if (fault?.kind === 'truncated') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
    if (fault?.kind === 'badutf8') {
      const at = bytes.indexOf('<title>', bytes.length / 3) + 7 || Math.floor(bytes.length / 2);
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(at)]);
    }
    res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length) }).end(bytes);
  }

  private answer(source: SourceName, url: URL, ids: string[]): { status: number; type: string; text: string } {
    if (source === 'arxiv') {
      const search = url.searchParams.get('search_query');
      if (search) {
        const words = search.replace(/^\w+:/, '').replace(/"/g, '').toLowerCase();
        const hits = [...this.entries.values()].filter((x) => /<title>([\s\S]*?)<\/title>/.exec(x)![1]!.replace(/\s+/g, ' ').toLowerCase().includes(words));
        const start = Number(url.searchParams.get('start') ?? 0);
        const max = Number(url.searchParams.get('max_results') ?? 10);
        return { status: 200, type: 'application/atom+xml; charset=utf-8', text: feed(hits.slice(start, start + max), url.search) };
      }
      const bad = ids.find((id) => !NEW_ID.test(id) && !OLD_ID.test(id));
      if (bad) return { status: 400, type: 'application/atom+xml; charset=utf-8', text: errorFeed(bad) };
      const found: string[] = [];
      for (const id of ids) {
        const key = arxivKey(id.replace(/v\d+$/, ''));
        const e = this.entries.get(key) ?? (this.synthesize && NEW_ID.test(id) ? syntheticEntry(key) : undefined);
        if (e) found.push(e);
      }
      return { status: 200, type: 'application/atom+xml; charset=utf-8', text: feed(found, url.search) };
    }
    if (source === 's2') {
      const out = ids.map((id) => {
        const [kind, ...rest] = id.split(':');
        const key = `${kind!.toUpperCase()}:${kind!.toUpperCase() === 'DOI' ? rest.join(':').toLowerCase() : rest.join(':')}`;
        return this.s2.get(key) ?? null;
      });
      return { status: 200, type: 'application/json', text: JSON.stringify(out) };
    }
    const work = this.crossref.get(ids[0]!.toLowerCase());
    return work ? { status: 200, type: 'application/json', text: JSON.stringify(work) } : { status: 404, type: 'text/plain', text: 'Resource not found.' };
  }
}

/** Virtual time: `sleep` advances the clock at once, so 3-second politeness costs nothing in tests. */
export function virtualClock(start = Date.UTC(2026, 0, 1)) {
  const c = {
    now: start,
    slept: [] as number[],
    clock: () => c.now,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.now += ms;
    },
  };
  return c;
}

export const TEST_USER_AGENT = 'papershelf-test/1 (mailto:tests@example.org)';

/** Sources pointed at the replay server, with virtual time, a short timeout and a cache folder. */
export function testSources(server: ReplayServer, opts: { cacheDir?: string; http?: Partial<HttpOptions>; s2ApiKey?: string; clock?: ReturnType<typeof virtualClock> } = {}) {
  const clock = opts.clock ?? virtualClock();
  const events: (HttpEvent & { at: number })[] = [];
  const client = new HttpClient({
    userAgent: TEST_USER_AGENT,
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    clock: clock.clock,
    sleep: clock.sleep,
    random: () => 0.5,
    timeoutMs: 5000,
    onEvent: (e) => events.push({ ...e, at: clock.now }),
    ...opts.http,
  });
  const sources: Sources = {
    client,
    config: {
      arxivApi: `${server.url}/arxiv/api/query`,
      s2Api: `${server.url}/s2/graph/v1`,
      doiApi: `${server.url}/crossref`,
      cacheDir: opts.cacheDir ?? '',
      cacheMaxAgeDays: 1,
      userAgent: TEST_USER_AGENT,
      ...(opts.s2ApiKey ? { s2ApiKey: opts.s2ApiKey } : {}),
    },
  };
  return { sources, clock, events };
}

/** Environment that points the real CLI at the replay server (and away from the user's own config and cache). */
export function serverEnv(server: ReplayServer, cacheDir: string): NodeJS.ProcessEnv {
  return {
    PAPERSHELF_ARXIV_API: `${server.url}/arxiv/api/query`,
    PAPERSHELF_S2_API: `${server.url}/s2/graph/v1`,
    PAPERSHELF_DOI_API: `${server.url}/crossref`,
    PAPERSHELF_CACHE_DIR: cacheDir,
    XDG_CONFIG_HOME: join(cacheDir, 'no-config'),
  };
}

/** The real executable in a child process, asynchronously (the replay server runs in this process). */
export function startBin(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): { child: ChildProcess; result: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'papershelf.js'), ...args], { cwd, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const result = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  return { child, result };
}

export function binAsync(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT) {
  return startBin(args, env, cwd).result;
}

export function tempDir(prefix = 'papershelf-sources-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
