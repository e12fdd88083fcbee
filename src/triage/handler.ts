/**
 * The triage page and its API as a request handler that `serve` mounts beside the static site:
 *
 *   const triage = createTriageHandler({ catalog, store });
 *   createServer((req, res) => triage.handle(req, res) || staticHandler(req, res));
 *
 * `handle` returns true when the request is its own (under `basePath`, default /triage/) and answers it; false
 * otherwise, without touching it. Routes:
 *   GET  /triage/                    the page (src/triage/page.ts)
 *   GET  /triage/api/candidates      ranked candidates (the DiscoverResult of `papershelf discover`) for ?since=&top=
 *   POST /triage/api/accept          {"id", "category", "why"?}  → AcceptResult (writes the catalog entry)
 *   POST /triage/api/reject          {"id", "reason"?}           → RejectResult (writes catalog/rejected.yaml)
 * Changes need the page's token in X-Papershelf-Token and a JSON body, and a request from another origin is refused:
 * a web page of another site cannot make the browser change the catalog. Bodies are bounded and validated; errors
 * are answered as {"problems": [...]} (400 for the user's, 500 for ours), never a stack trace.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { loadCatalog } from '../catalog/load.js';
import { discover, type DiscoverResult } from '../commands/discover.js';
import { accept, reject } from '../commands/triage.js';
import { PapershelfError, type Problem } from '../model/problems.js';
import { triagePage } from './page.js';

export interface TriageOptions {
  catalog: string;
  store: string;
  /** Where the page is served (default "/triage/"). */
  basePath?: string;
  today?: string;
}

export interface TriageHandler {
  /** Answers the request when it is the triage page's; returns false (and leaves it alone) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

const MAX_BODY = 16 * 1024;
const AcceptBody = z.strictObject({ id: z.string().min(1).max(100), category: z.string().min(1).max(80), tags: z.array(z.string().max(80)).max(30).optional(), why: z.strictObject({ en: z.string().max(2000).optional(), zh: z.string().max(2000).optional() }).optional() });
const RejectBody = z.strictObject({ id: z.string().min(1).max(100), reason: z.string().max(500).optional() });

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.message);
  }
}

const bad = (status: number, code: string, message: string) => new HttpProblem(status, { code, severity: 'error', message });

function send(res: ServerResponse, status: number, body: string, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw bad(415, 'E_TRIAGE_REQUEST', 'the body must be JSON (content-type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw bad(413, 'E_TRIAGE_REQUEST', `the body is larger than ${MAX_BODY} bytes`);
    chunks.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw bad(400, 'E_TRIAGE_REQUEST', 'the body is not valid JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw bad(400, 'E_TRIAGE_REQUEST', `bad request: ${r.error.issues[0]!.path.join('.') || 'body'}: ${r.error.issues[0]!.message}`);
  return r.data;
}

export function createTriageHandler(opts: TriageOptions): TriageHandler {
  const base = (opts.basePath ?? '/triage/').replace(/\/?$/, '/');
  const token = randomBytes(18).toString('base64url');
  /** Rankings by their query: "Rank again" (fresh=1) or a change of the catalog's files recomputes. */
  const rankings = new Map<string, Promise<DiscoverResult>>();
  /** One change of the catalog at a time. */
  let writing: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => T | Promise<T>): Promise<T> => {
    const next = writing.then(f, f);
    writing = next.catch(() => undefined);
    return next;
  };

  const candidates = (url: URL): Promise<DiscoverResult> => {
    const since = url.searchParams.get('since') ?? '';
    const topText = url.searchParams.get('top') ?? '200';
    if (!/^\d{1,4}$/.test(topText) || Number(topText) < 1) throw bad(400, 'E_TRIAGE_REQUEST', 'top must be a number from 1 to 9999');
    const key = `${since}|${topText}`;
    if (url.searchParams.get('fresh') === '1') rankings.delete(key);
    const cached = rankings.get(key);
    if (cached) return cached;
    const r = serial(() => discover({ catalog: opts.catalog, store: opts.store, top: Number(topText), ...(since ? { since } : {}), ...(opts.today ? { today: opts.today } : {}) }));
    rankings.set(key, r);
    r.catch(() => rankings.delete(key));
    return r;
  };

  const guard = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== req.headers.host) throw bad(403, 'E_TRIAGE_FORBIDDEN', 'requests from another origin cannot change the catalog');
    }
    if (req.headers['x-papershelf-token'] !== token) throw bad(403, 'E_TRIAGE_FORBIDDEN', 'missing or wrong X-Papershelf-Token: reload the triage page');
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(base.length);
    const method = req.method ?? 'GET';
    if (path === '' && (method === 'GET' || method === 'HEAD')) {
      let title = 'papershelf';
      try {
        title = loadCatalog(opts.catalog).taxonomy.title;
      } catch {
        // the page still loads; the API will report the problem
      }
      const nonce = randomBytes(16).toString('base64');
      const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
      return send(res, 200, method === 'HEAD' ? '' : triagePage({ basePath: base, token, nonce, title }), 'text/html; charset=utf-8', { 'content-security-policy': csp, 'referrer-policy': 'no-referrer' });
    }
    if (path === 'api/candidates') {
      if (method !== 'GET') throw bad(405, 'E_TRIAGE_REQUEST', 'use GET');
      return json(res, 200, await candidates(url));
    }
    if (path === 'api/accept' || path === 'api/reject') {
      if (method !== 'POST') throw bad(405, 'E_TRIAGE_REQUEST', 'use POST');
      guard(req);
      const body = await readJson(req);
      if (path === 'api/accept') {
        const b = parse(AcceptBody, body);
        return json(res, 200, await serial(() => accept({ catalog: opts.catalog, store: opts.store, id: b.id, categories: [b.category], ...(b.tags ? { tags: b.tags } : {}), ...(b.why ? { why: b.why } : {}), ...(opts.today ? { today: opts.today } : {}) })));
      }
      const b = parse(RejectBody, body);
      return json(res, 200, await serial(() => reject({ catalog: opts.catalog, store: opts.store, ids: [b.id], ...(b.reason ? { reason: b.reason } : {}), ...(opts.today ? { today: opts.today } : {}) })));
    }
    throw bad(404, 'E_TRIAGE_NOT_FOUND', `no such triage resource: ${url.pathname}`);
  }

  return {
    handle(req, res) {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return false;
      }
      if (url.pathname === base.slice(0, -1)) {
        res.writeHead(301, { location: base });
        res.end();
        return true;
      }
      if (!url.pathname.startsWith(base)) return false;
      route(req, res, url).catch((e: unknown) => {
        if (res.headersSent) return res.destroy();
        if (e instanceof HttpProblem) return json(res, e.status, { problems: [e.problem] });
        if (e instanceof PapershelfError) return json(res, 400, { problems: e.problems });
        json(res, 500, { problems: [{ code: 'E_INTERNAL', severity: 'error', message: `internal error: ${(e as Error).message}` }] });
      });
      return true;
    },
  };
}
