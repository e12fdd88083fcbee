/**
 * A small static file server for the built site (node:http, no framework). Contract:
 * - serves only files inside `root`: the path is percent-decoded once, then any "..", backslash, NUL or control
 *   character is refused (400) before it touches the file system, and the resolved real path (symlinks
 *   followed) must still lie inside the root (else 404);
 * - answers GET and HEAD (405 otherwise), 400 for malformed URLs, 414 for over-long ones, 404 with the site's
 *   404.html, 301 from a folder without its trailing slash, 304 for a matching ETag; a path that names no file is
 *   served from the same path plus ".html" when that exists (clean URLs, as on GitHub Pages);
 * - gzips text when the client accepts it; caches versioned folders (assets/, search-data/) for a year;
 * - never throws: every error becomes a 4xx/5xx answer. The handler is testable in-process.
 */
import { createReadStream, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.bib': 'text/plain; charset=utf-8',
  '.ris': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

const MAX_URL = 4096;
/** Files up to this size are gzipped in memory (and the result kept, keyed by path, size and mtime). */
const GZIP_MAX = 8 << 20;
const GZIP_CACHE = 500;

export interface StaticOptions {
  /** The folder to serve. */
  root: string;
  /** Path prefix the site lives under ("/" or "/llm-papers/"); requests outside it get 404, "/" redirects to it. */
  base?: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(res.req?.method === 'HEAD' ? undefined : body);
}

/** The site-relative path of a request, or an HTTP status explaining why there is none. */
export function requestPath(rawUrl: string | undefined, base = '/'): { path: string; query: string } | { status: number; message: string } {
  if (!rawUrl || rawUrl[0] !== '/') return { status: 400, message: 'bad request' };
  if (rawUrl.length > MAX_URL) return { status: 414, message: 'URL too long' };
  const q = rawUrl.search(/[?#]/);
  const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? '' : rawUrl.slice(q).replace(/#.*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400, message: 'malformed URL encoding' };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return { status: 400, message: 'bad characters in path' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 400, message: 'path escapes the site' };
  if (decoded + '/' === base) return { status: 301, message: base };
  if (!decoded.startsWith(base)) return { status: 404, message: 'not found' };
  return { path: decoded.slice(base.length), query };
}

export function createStaticHandler(opts: StaticOptions): Handler {
  const base = opts.base ?? '/';
  const gz = new Map<string, { key: string; body: Buffer }>();

  const inside = (real: string, rootReal: string) => real === rootReal || real.startsWith(rootReal + sep);

  function notFound(req: IncomingMessage, res: ServerResponse, rootReal: string | undefined): void {
    const page = rootReal ? join(rootReal, '404.html') : undefined;
    try {
      if (page) {
        const body = readFileSync(page);
        res.writeHead(404, { 'Content-Type': TYPES['.html']!, 'Content-Length': String(body.length), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
    } catch {
      // No 404 page: plain text below.
    }
    send(res, 404, 'not found\n');
  }

  return (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
        return;
      }
      if (req.url === '/' && base !== '/') {
        send(res, 302, `see ${base}\n`, { Location: base });
        return;
      }
      const parsed = requestPath(req.url, base);
      if ('status' in parsed) {
        if (parsed.status === 404) notFound(req, res, safeRealpath(opts.root));
        else if (parsed.status === 301) send(res, 301, `see ${base}\n`, { Location: base });
        else send(res, parsed.status, parsed.message + '\n');
        return;
      }
      const rootReal = safeRealpath(opts.root);
      if (!rootReal) {
        send(res, 503, 'the site is being built; try again in a moment\n', { 'Retry-After': '1' });
        return;
      }
      let file = join(rootReal, parsed.path);
      let st: Stats | undefined = safeStat(file);
      if (st?.isDirectory()) {
        if (!parsed.path.endsWith('/') && parsed.path !== '') {
          const location = base + parsed.path.split('/').map(encodeURIComponent).join('/') + '/' + parsed.query;
          send(res, 301, `see ${location}\n`, { Location: location });
          return;
        }
        file = join(file, 'index.html');
        st = safeStat(file);
      } else if (!st && parsed.path && !parsed.path.endsWith('/') && !parsed.path.endsWith('.html')) {
        // Clean URLs, as GitHub Pages answers them: /papers/2305.18290 is papers/2305.18290.html (the id's dot is no
        // file extension).
        const page = safeStat(`${file}.html`);
        if (page?.isFile()) (file = `${file}.html`), (st = page);
      }
      const real = st?.isFile() ? safeRealpath(file) : undefined;
      if (!st?.isFile() || !real || !inside(real, rootReal)) {
        notFound(req, res, rootReal);
        return;
      }
      const type = TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
      const etag = `"${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
      const versioned = /^(assets|search-data)\//.test(parsed.path);
      const headers: Record<string, string> = {
        'Content-Type': type,
        ETag: etag,
        'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      const compressible = /^(text\/|application\/(json|xml|manifest)|image\/svg)/.test(type) && st.size > 512 && st.size <= GZIP_MAX;
      if (compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        let hit = gz.get(real);
        if (!hit || hit.key !== etag) {
          hit = { key: etag, body: gzipSync(readFileSync(real)) };
          if (gz.size >= GZIP_CACHE) gz.delete(gz.keys().next().value!);
          gz.set(real, hit);
        }
        res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': String(hit.body.length) });
        res.end(req.method === 'HEAD' ? undefined : hit.body);
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Length': String(st.size) });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(real);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch {
      send(res, 500, 'internal error\n');
    }
  };
}

function safeStat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
