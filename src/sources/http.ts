/**
 * The one HTTP client every source uses: polite, patient and cached. Built on node:http/node:https (fetch costs
 * ~60 ms of CPU to start and ~8 ms per request in Node 20, node:http a quarter of that; refresh's budget is CPU).
 *
 * - Politeness: each source has a gate (at most `concurrency` requests at once, starts spaced `intervalMs` apart);
 *   arXiv asks for one request every 3 s on one connection. Gates are keyed by source, not host name, so a mirror
 *   or a test server that serves several sources on one host still gets each source's own limits.
 * - Identity: every request carries the configured User-Agent.
 * - Faults: a request that times out (AbortSignal), loses its connection, or gets 408/429/5xx is retried with
 *   exponential backoff and jitter; a Retry-After header is honoured (and delays the whole source, not just the one
 *   request). A body that the caller's `validate` rejects (truncated XML, bad UTF-8, an HTML error page) is retried
 *   too and never cached. After the last attempt the caller gets an HttpError saying what went wrong.
 * - Cache: answers are kept on disk (one JSON file per request, keyed by a hash of method, URL and body), so a
 *   re-run makes no request until they are `maxAgeMs` old. API keys are headers, never part of the key or file.
 *   Batch sources also keep per-id records (getRecord/putRecords), so an id fetched in one batch is not asked
 *   again in another; a batch answer whose every id became a record is not kept whole (`keep`).
 * - Time is injected (`clock`, `sleep`, `random`) so tests run the 3-second politeness in no time.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { join } from 'node:path';

export interface RateLimit {
  /** Minimum time between the starts of two requests to the source. */
  intervalMs: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/**
 * What each source asks for. arXiv: "no more than one request every three seconds … a single connection at a
 * time" (API terms of use). Semantic Scholar: one request per second with an API key; the keyless pool is shared
 * and throttled. Crossref's public pool: a few requests per second, one at a time.
 */
export const POLITENESS: Record<string, RateLimit> = {
  arxiv: { intervalMs: 3000, concurrency: 1 },
  s2: { intervalMs: 1100, concurrency: 1 },
  crossref: { intervalMs: 250, concurrency: 1 },
};

const DEFAULT_LIMIT: RateLimit = { intervalMs: 1000, concurrency: 1 };

export type HttpEvent =
  | { type: 'request'; source: string; url: string; attempt: number }
  | { type: 'response'; source: string; url: string; status: number }
  | { type: 'cache-hit'; source: string; url: string }
  | { type: 'wait'; source: string; ms: number }
  | { type: 'retry'; source: string; url: string; attempt: number; reason: string; delayMs: number }
  | { type: 'cache-error'; message: string };

export interface HttpOptions {
  userAgent: string;
  /** Folder of the on-disk cache; undefined for none. */
  cacheDir?: string;
  /** Cached answers older than this are fetched again (default: 7 days). */
  maxAgeMs?: number;
  /** Ignore cached answers (still store new ones). */
  fresh?: boolean;
  /** Per attempt, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first (default 4). */
  retries?: number;
  /** First backoff delay; doubles each attempt (default 2 s), capped at `maxBackoffMs` (default 60 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this fails the request at once, saying when to try again (default 10 min). */
  maxRetryAfterMs?: number;
  /** Bodies larger than this are refused (default 50 MB): sources are untrusted. */
  maxBytes?: number;
  /** Per-source limits; default POLITENESS. */
  limits?: Record<string, RateLimit>;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onEvent?: (event: HttpEvent) => void;
}

export interface RequestSpec {
  /** Which gate the request goes through: 'arxiv', 's2', 'crossref'. */
  source: string;
  url: string;
  method?: 'GET' | 'POST';
  /** Request body (sent as JSON when `method` is POST). Part of the cache key. */
  body?: string;
  /** Extra headers, e.g. an API key or Accept. Not part of the cache key. */
  headers?: Record<string, string>;
  /** Statuses that are answers rather than failures (default: 2xx). They are cached and returned. */
  accept?: (status: number) => boolean;
  /**
   * Checks an accepted answer. A reason means "this is not an answer": it is not cached and the request is retried,
   * at most `attempts` times in all (default: the client's retries + 1).
   */
  validate?: (res: HttpResponse) => { reason: string; attempts?: number } | undefined;
  /** Do not read or write the cache for this request. */
  noCache?: boolean;
  /**
   * Whether to keep this (valid) answer in the cache; default yes. A batch answer whose every id the caller keeps as
   * a record (putRecords) need not be kept whole: the records answer any later request for those ids.
   */
  keep?: (res: HttpResponse) => boolean;
}

export interface HttpResponse {
  url: string;
  status: number;
  /** Content type as sent by the server (lower-case), or ''. */
  contentType: string;
  body: Buffer;
  fromCache: boolean;
}

export type HttpErrorKind = 'status' | 'timeout' | 'network' | 'invalid' | 'retry-after' | 'too-large';

export class HttpError extends Error {
  constructor(
    message: string,
    readonly kind: HttpErrorKind,
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpStats {
  /** Requests sent over the network (each retry counts). */
  requests: number;
  /** Answers served from the cache. */
  cacheHits: number;
  retries: number;
  bySource: Record<string, { requests: number; cacheHits: number; retries: number }>;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Seconds, or an HTTP date. Returns milliseconds from `now`, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Spaces the starts of requests to one source and bounds how many run at once. */
class Gate {
  private active = 0;
  private waiters: (() => void)[] = [];
  private next = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly onWait: (ms: number) => void,
  ) {}

  /** Nothing starts on this source before `ms` from now (Retry-After, backoff). */
  holdOff(ms: number): void {
    this.next = Math.max(this.next, this.clock() + ms);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.limit.concurrency) this.active++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    try {
      // Reserve a start time; later requests queue behind it. Re-check after sleeping: a Retry-After may have
      // pushed `next` further while we slept.
      for (;;) {
        const now = this.clock();
        const start = Math.max(now, this.next);
        if (start <= now) break;
        this.onWait(start - now);
        await this.sleep(start - now);
      }
      this.next = this.clock() + this.limit.intervalMs;
      return await fn();
    } finally {
      const wake = this.waiters.shift();
      if (wake) wake();
      else this.active--;
    }
  }
}

interface CacheRecord {
  v: 1;
  url: string;
  status: number;
  contentType: string;
  fetchedAt: number;
  body: string;
}

type Outcome =
  | { kind: 'answer'; res: HttpResponse }
  | { kind: 'retry'; reason: string; retryAfterMs?: number; status?: number; errorKind: HttpErrorKind }
  | { kind: 'fail'; error: HttpError };

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, cacheHits: 0, retries: 0, bySource: {} };
  private readonly gates = new Map<string, Gate>();
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private cacheBroken = false;

  constructor(readonly options: HttpOptions) {
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  private emit(e: HttpEvent): void {
    this.options.onEvent?.(e);
  }

  private count(source: string, what: 'requests' | 'cacheHits' | 'retries'): void {
    this.stats[what]++;
    const s = (this.stats.bySource[source] ??= { requests: 0, cacheHits: 0, retries: 0 });
    s[what]++;
  }

  private gate(source: string): Gate {
    let g = this.gates.get(source);
    if (!g) {
      const limit = this.options.limits?.[source] ?? POLITENESS[source] ?? DEFAULT_LIMIT;
      g = new Gate(limit, this.clock, this.sleep, (ms) => this.emit({ type: 'wait', source, ms }));
      this.gates.set(source, g);
    }
    return g;
  }

  /** Sends a request through its source's gate, with retries and the cache. Throws HttpError when it cannot. */
  async request(spec: RequestSpec): Promise<HttpResponse> {
    const method = spec.method ?? 'GET';
    const key = createHash('sha256').update(`${method} ${spec.url}\n${spec.body ?? ''}`).digest('hex');
    const useCache = !!this.options.cacheDir && !spec.noCache;
    if (useCache) {
      const hit = this.readCache(key);
      if (hit) {
        this.count(spec.source, 'cacheHits');
        this.emit({ type: 'cache-hit', source: spec.source, url: spec.url });
        return hit;
      }
    }
    const retries = this.options.retries ?? 4;
    const gate = this.gate(spec.source);
    // Invalid answers in a row for the same reason (a different fault starts the count again).
    let invalidAttempts = 0;
    let lastInvalid = '';
    for (let attempt = 1; ; attempt++) {
      let outcome = await gate.run(() => this.attempt(spec, method, attempt));
      if (outcome.kind === 'answer' && spec.validate) {
        const bad = spec.validate(outcome.res);
        if (bad) {
          invalidAttempts = bad.reason === lastInvalid ? invalidAttempts + 1 : 1;
          lastInvalid = bad.reason;
          if (invalidAttempts >= (bad.attempts ?? retries + 1)) throw new HttpError(bad.reason, 'invalid', attempt, outcome.res.status);
          outcome = { kind: 'retry', reason: bad.reason, errorKind: 'invalid', status: outcome.res.status };
        }
      }
      if (outcome.kind === 'answer') {
        if (useCache && (spec.keep?.(outcome.res) ?? true)) this.writeCache(key, outcome.res);
        return outcome.res;
      }
      if (outcome.kind === 'fail') throw outcome.error;
      if (attempt > retries) {
        throw new HttpError(`${outcome.reason} (gave up after ${attempt} attempts)`, outcome.errorKind, attempt, outcome.status);
      }
      const maxRetryAfter = this.options.maxRetryAfterMs ?? 600_000;
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > maxRetryAfter) {
        throw new HttpError(`${outcome.reason}; the server asks to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s before trying again`, 'retry-after', attempt, outcome.status);
      }
      const base = this.options.backoffMs ?? 2000;
      const cap = this.options.maxBackoffMs ?? 60_000;
      // Exponential backoff with "equal jitter": half fixed, half random, so clients that failed together spread out.
      const backoff = Math.min(cap, base * 2 ** (attempt - 1)) * (0.5 + this.random() / 2);
      const delayMs = Math.round(outcome.retryAfterMs !== undefined ? Math.max(outcome.retryAfterMs, 0) : backoff);
      this.count(spec.source, 'retries');
      this.emit({ type: 'retry', source: spec.source, url: spec.url, attempt, reason: outcome.reason, delayMs });
      gate.holdOff(delayMs);
    }
  }

  private async attempt(spec: RequestSpec, method: string, attempt: number): Promise<Outcome> {
    const host = safeHost(spec.url);
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const maxBytes = this.options.maxBytes ?? 50 * 1024 * 1024;
    this.count(spec.source, 'requests');
    this.emit({ type: 'request', source: spec.source, url: spec.url, attempt });
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const headers: Record<string, string> = {
        'user-agent': this.options.userAgent,
        'accept-encoding': 'gzip, deflate',
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        ...spec.headers,
      };
      const res = await send(spec.url, method, headers, spec.body, signal);
      const status = res.statusCode ?? 0;
      this.emit({ type: 'response', source: spec.source, url: spec.url, status });
      const accepted = spec.accept ? spec.accept(status) : status >= 200 && status < 300;
      if (!accepted) {
        res.destroy();
        if (RETRY_STATUS.has(status)) {
          const retryAfterMs = parseRetryAfter(header(res.headers, 'retry-after'), this.clock());
          return { kind: 'retry', reason: `${host} answered HTTP ${status}`, errorKind: 'status', status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
        }
        return { kind: 'fail', error: new HttpError(`${host} answered HTTP ${status}`, 'status', attempt, status) };
      }
      const length = Number(header(res.headers, 'content-length'));
      if (length > maxBytes) {
        res.destroy();
        return { kind: 'fail', error: new HttpError(`${host} sent ${length} bytes; at most ${maxBytes} are read`, 'too-large', attempt, status) };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          res.destroy();
          return { kind: 'fail', error: new HttpError(`${host} sent more than ${maxBytes} bytes`, 'too-large', attempt, status) };
        }
        chunks.push(chunk);
      }
      let body: Buffer = Buffer.concat(chunks);
      const encoding = (header(res.headers, 'content-encoding') ?? '').trim().toLowerCase();
      if (encoding && encoding !== 'identity') {
        const decoded = await decode(body, encoding, maxBytes);
        if (decoded === 'too-large') return { kind: 'fail', error: new HttpError(`${host} sent more than ${maxBytes} bytes once inflated`, 'too-large', attempt, status) };
        if (typeof decoded === 'string') return { kind: 'retry', reason: `${host} sent ${decoded}`, errorKind: 'invalid' };
        body = decoded;
      }
      return {
        kind: 'answer',
        res: { url: spec.url, status, contentType: (header(res.headers, 'content-type') ?? '').toLowerCase(), body, fromCache: false },
      };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || signal.aborted) {
        return { kind: 'retry', reason: `${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, errorKind: 'timeout' };
      }
      const code = err.cause?.code ?? (err as { code?: string }).code;
      return { kind: 'retry', reason: `connection to ${host} failed${code ? ` (${code})` : `: ${err.cause?.message ?? err.message}`}`, errorKind: 'network' };
    }
  }

  private cachePath(key: string): string {
    return join(this.options.cacheDir!, key.slice(0, 2), `${key}.json`);
  }

  /** A cache file's record if it is there, readable and younger than max-age (and `fresh` is off). */
  private readRecord<T extends { fetchedAt: number }>(key: string): T | undefined {
    if (!this.options.cacheDir || this.options.fresh) return undefined;
    let record: T;
    try {
      record = JSON.parse(readFileSync(this.cachePath(key), 'utf8')) as T;
    } catch {
      return undefined; // missing or unreadable: a miss, overwritten by the next answer
    }
    const maxAge = this.options.maxAgeMs ?? 7 * 86_400_000;
    return this.clock() - record.fetchedAt <= maxAge ? record : undefined;
  }

  private writeRecord(key: string, record: object): void {
    if (this.cacheBroken || !this.options.cacheDir) return;
    const path = this.cachePath(key);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(join(this.options.cacheDir, key.slice(0, 2)), { recursive: true });
      writeFileSync(tmp, JSON.stringify(record));
      renameSync(tmp, path);
    } catch (e) {
      // A cache that cannot be written costs requests, not correctness: say so once and go on.
      rmSync(tmp, { force: true });
      this.cacheBroken = true;
      this.emit({ type: 'cache-error', message: `cannot write the cache in ${this.options.cacheDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  }

  private readCache(key: string): HttpResponse | undefined {
    const record = this.readRecord<CacheRecord>(key);
    if (!record || record.v !== 1 || typeof record.body !== 'string') return undefined;
    return { url: record.url, status: record.status, contentType: record.contentType, body: Buffer.from(record.body, 'base64'), fromCache: true };
  }

  private writeCache(key: string, res: HttpResponse): void {
    this.writeRecord(key, { v: 1, url: res.url, status: res.status, contentType: res.contentType, fetchedAt: this.clock(), body: res.body.toString('base64') } satisfies CacheRecord);
  }

  /**
   * Per-id answers, kept beside the HTTP answers with the same max-age: a batch source stores each record it got,
   * so a later run that asks for some of the same ids in another batch (add A B C, then add A --category x; add,
   * then refresh) sends no request for them. `value` may be null for "the source does not know this id".
   *
   * One append-only JSON-lines file per source (`records-<source>.jsonl`), read once per process: thousands of
   * records cost one file, not thousands. The last line for an id wins; a torn line (two processes appending at
   * once) is skipped; the file is rewritten without expired and superseded lines when they are most of it.
   */
  getRecord<T>(source: string, id: string): { value: T } | undefined {
    if (this.options.fresh) return undefined;
    const r = this.records(source)?.get(id);
    if (!r || !(this.clock() - r.t <= (this.options.maxAgeMs ?? 7 * 86_400_000))) return undefined;
    this.count(source, 'cacheHits');
    return { value: r.v as T };
  }

  putRecords(source: string, entries: [id: string, value: unknown][]): void {
    const map = this.records(source);
    if (!map || !entries.length || this.cacheBroken) return;
    const t = this.clock();
    // Starts on a new line, so a line torn by a crash cannot swallow the first of these.
    let lines = '\n';
    for (const [k, v] of entries) {
      map.set(k, { t, v });
      lines += JSON.stringify({ k, t, v }) + '\n';
    }
    try {
      mkdirSync(this.options.cacheDir!, { recursive: true });
      appendFileSync(this.recordsPath(source), lines);
    } catch (e) {
      this.cacheBroken = true;
      this.emit({ type: 'cache-error', message: `cannot write the cache in ${this.options.cacheDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  }

  private readonly recordMaps = new Map<string, Map<string, { t: number; v: unknown }>>();

  private recordsPath(source: string): string {
    return join(this.options.cacheDir!, `records-${source.replace(/[^a-z0-9-]/gi, '_')}.jsonl`);
  }

  private records(source: string): Map<string, { t: number; v: unknown }> | undefined {
    if (!this.options.cacheDir) return undefined;
    let map = this.recordMaps.get(source);
    if (map) return map;
    map = new Map();
    this.recordMaps.set(source, map);
    let text = '';
    try {
      text = readFileSync(this.recordsPath(source), 'utf8');
    } catch {
      return map; // no records yet
    }
    const maxAge = this.options.maxAgeMs ?? 7 * 86_400_000;
    const now = this.clock();
    let lines = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      lines++;
      try {
        const r = JSON.parse(line) as { k: string; t: number; v: unknown };
        if (typeof r.k === 'string' && now - r.t <= maxAge) map.set(r.k, { t: r.t, v: r.v });
        else map.delete(r.k);
      } catch {
        // a torn line: skip it
      }
    }
    if (lines > 1000 && lines > 2 * map.size) {
      // Mostly expired or superseded lines: keep the live ones.
      const tmp = `${this.recordsPath(source)}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, [...map].map(([k, r]) => JSON.stringify({ k, t: r.t, v: r.v }) + '\n').join(''));
        renameSync(tmp, this.recordsPath(source));
      } catch {
        rmSync(tmp, { force: true });
      }
    }
    return map;
  }
}


const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Sends one request with node:http or node:https and resolves with the response once its headers are in, after
 * following redirects as fetch does (303, and 301/302 after a POST, become a GET without body). `signal` aborts the
 * request and the reading of its body.
 */
async function send(url: string, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  for (let hops = 0; ; hops++) {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw Object.assign(new Error(`unsupported protocol ${target.protocol}`), { code: 'ERR_INVALID_PROTOCOL' });
    const { request } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(target, { method, headers: body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers, signal }, resolve);
      req.on('error', reject);
      req.end(body);
    });
    const location = header(res.headers, 'location');
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location || hops >= MAX_REDIRECTS) return res;
    res.resume();
    const next = new URL(location, target);
    // Credentials and keys stay with the host they were meant for.
    if (next.origin !== target.origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie|x-api-key)$/i.test(k)));
    }
    if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-type'));
    }
    url = next.href;
  }
}

/** A compressed body, inflated (at most `maxBytes`: else 'too-large'); another string says what was wrong with it. */
async function decode(body: Buffer, encoding: string, maxBytes: number): Promise<Buffer | string> {
  const zlib = await import('node:zlib');
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(body, { maxOutputLength: maxBytes });
    if (encoding === 'deflate') return zlib.inflateSync(body, { maxOutputLength: maxBytes });
    if (encoding === 'br') return zlib.brotliDecompressSync(body, { maxOutputLength: maxBytes });
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : `a ${encoding} body that does not inflate`;
  }
  return `a body in an unknown encoding (${encoding})`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 60);
  }
}
