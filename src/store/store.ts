/**
 * The local store of harvested papers: one SQLite file (better-sqlite3), derived data that can be deleted at any
 * time — the catalog's YAML files stay the source of truth. It holds
 *   - papers, keyed by version-less arXiv id, with the latest version's text and the dates of v1 / latest version /
 *     announcement (upserts are idempotent: re-importing a file changes nothing);
 *   - harvest checkpoints (an OAI-PMH resumption token, an API page offset, lines of a file already imported), so an
 *     interrupted harvest resumes where it stopped;
 *   - the ranking's cache: the vocabulary and every paper's term counts, so a daily run only vectorizes new papers.
 *
 * Crash safety: WAL journal, and every write is one transaction — a page of papers is committed together with the
 * checkpoint that follows it, so a process killed at any moment leaves either the whole page and its checkpoint or
 * neither, never half a paper. A paper whose text changes loses its cached features (a trigger), never stale ones.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { fail, PapershelfError } from '../model/problems.js';
import { loadSourcesConfig } from '../sources/config.js';
import type { HarvestedPaper, PaperSource } from './record.js';

export interface StoredPaper extends HarvestedPaper {
  /** Row number: a small stable integer, the key of the feature cache. */
  n: number;
  source: PaperSource;
  /** When this paper first entered the store (ISO timestamp). */
  seen: string;
}

/** What `papers` returns for ranking: enough to filter and label, without the long texts. */
export interface PaperHead {
  n: number;
  id: string;
  /** Announcement day when known, else the v1 date: what `--since` filters on. */
  day: string | null;
  categories: string;
}

export interface Checkpoint {
  key: string;
  /** Source-specific position: an OAI-PMH resumption token, an API `start` offset, a count of lines. */
  token: string | null;
  harvested: number;
  total: number | null;
  started: string;
  updated: string;
  done: string | null;
}

export interface VocabRow {
  generation: number;
  /** JSON of the parameters that define the features; another value invalidates the cache. */
  params: string;
  /** Papers in the store when the vocabulary was chosen. */
  docs: number;
  terms: string[];
  created: string;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const SCHEMA_VERSION = 1;

/**
 * The feature cache holds papers by chunks of 2^10 consecutive row numbers: one row of blobs per chunk. Loading
 * a few hundred blobs is far cheaper than a row per paper (measured at 300k papers: ~20 s → ~1 s), and a changed or
 * new paper only makes its own chunk be vectorized again.
 */
export const CHUNK_BITS = 10;

/** One chunk of cached features: papers' row numbers, and their packed counts (rows `offsets[i] … offsets[i+1]`). */
export interface FeatureChunk {
  chunk: number;
  ns: Int32Array;
  offsets: Int32Array;
  data: Uint32Array;
}

const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE papers (
      n INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      version INTEGER,
      title TEXT NOT NULL,
      abstract TEXT NOT NULL DEFAULT '',
      authors TEXT NOT NULL DEFAULT '[]',
      categories TEXT NOT NULL DEFAULT '',
      published TEXT,
      updated TEXT,
      announced TEXT,
      doi TEXT,
      journal_ref TEXT,
      comments TEXT,
      source TEXT NOT NULL,
      seen TEXT NOT NULL
    );
    CREATE INDEX papers_day ON papers (coalesce(announced, published));
    CREATE TABLE checkpoints (
      key TEXT PRIMARY KEY,
      token TEXT,
      harvested INTEGER NOT NULL DEFAULT 0,
      total INTEGER,
      started TEXT NOT NULL,
      updated TEXT NOT NULL,
      done TEXT
    ) WITHOUT ROWID;
    CREATE TABLE vocab (
      generation INTEGER PRIMARY KEY,
      params TEXT NOT NULL,
      docs INTEGER NOT NULL,
      terms TEXT NOT NULL,
      created TEXT NOT NULL
    );
    CREATE TABLE features (
      chunk INTEGER PRIMARY KEY,
      generation INTEGER NOT NULL,
      papers INTEGER NOT NULL,
      ns BLOB NOT NULL,
      offsets BLOB NOT NULL,
      data BLOB NOT NULL
    );
    CREATE TRIGGER papers_text_changed AFTER UPDATE OF title, abstract, authors ON papers
      WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract OR old.authors IS NOT new.authors
      BEGIN DELETE FROM features WHERE chunk = new.n >> ${CHUNK_BITS}; END;
  `,
};

/**
 * How an upsert merges a record into the stored paper. Newer versions win the text; dates merge (v1 and
 * announcement: earliest known; latest version: latest known). A record that does not know its version counts as
 * version 0, so a generic JSON line never overwrites the text of a v3 harvested from OAI-PMH, while importing the same
 * file twice computes identical values — and the WHERE clause below then skips the write (and reports "unchanged").
 */
const NEWER = 'coalesce(excluded.version, 0) >= coalesce(version, 0)';
const MERGE: [column: string, expression: string][] = [
  ['title', `iif(${NEWER}, excluded.title, title)`],
  ['abstract', `iif(${NEWER} AND excluded.abstract <> '', excluded.abstract, abstract)`],
  ['authors', `iif(${NEWER} AND excluded.authors <> '[]', excluded.authors, authors)`],
  ['categories', `iif(${NEWER} AND excluded.categories <> '', excluded.categories, categories)`],
  ['comments', `iif(${NEWER}, coalesce(excluded.comments, comments), comments)`],
  ['source', `iif(${NEWER}, excluded.source, source)`],
  ['version', 'nullif(max(coalesce(excluded.version, 0), coalesce(version, 0)), 0)'],
  ['published', 'coalesce(min(published, excluded.published), published, excluded.published)'],
  ['updated', 'coalesce(max(updated, excluded.updated), updated, excluded.updated)'],
  ['announced', 'coalesce(min(announced, excluded.announced), announced, excluded.announced)'],
  ['doi', 'coalesce(excluded.doi, doi)'],
  ['journal_ref', 'coalesce(excluded.journal_ref, journal_ref)'],
];
/** RETURNING `seen`: equal to this write's timestamp for a new paper; no row at all when nothing changed. */
const UPSERT = `
  INSERT INTO papers (id, version, title, abstract, authors, categories, published, updated, announced, doi, journal_ref, comments, source, seen)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET ${MERGE.map(([c, e]) => `${c} = ${e}`).join(', ')}
  WHERE ${MERGE.map(([c, e]) => `${c} IS NOT ${e}`).join(' OR ')}
  RETURNING seen
`;

const COLUMNS = 'n, id, version, title, abstract, authors, categories, published, updated, announced, doi, journal_ref, comments, source, seen';

type Row = {
  n: number;
  id: string;
  version: number | null;
  title: string;
  abstract: string;
  authors: string;
  categories: string;
  published: string | null;
  updated: string | null;
  announced: string | null;
  doi: string | null;
  journal_ref: string | null;
  comments: string | null;
  source: PaperSource;
  seen: string;
};

function fromRow(r: Row): StoredPaper {
  const p: StoredPaper = { n: r.n, id: r.id, title: r.title, abstract: r.abstract, authors: JSON.parse(r.authors) as string[], categories: r.categories ? r.categories.split(' ') : [], source: r.source, seen: r.seen };
  if (r.version !== null) p.version = r.version;
  if (r.published) p.published = r.published;
  if (r.updated) p.updated = r.updated;
  if (r.announced) p.announced = r.announced;
  if (r.doi) p.doi = r.doi;
  if (r.journal_ref) p.journalRef = r.journal_ref;
  if (r.comments) p.comments = r.comments;
  return p;
}

/** `--store FILE`, else `$PAPERSHELF_STORE`, else `store.sqlite` in the user's cache folder (see src/sources/config.ts). */
export function resolveStorePath(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (file) return resolve(file);
  if (env.PAPERSHELF_STORE) return resolve(env.PAPERSHELF_STORE);
  return join(loadSourcesConfig(env).cacheDir, 'store.sqlite');
}

export class Store {
  private readonly statements: ReturnType<Store['prepare']>;
  private lastSeen = 0;

  private constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.statements = this.prepare();
  }

  /** Opens (creating when needed) the store at `file`. Throws a PapershelfError when it is not a papershelf store. */
  static open(file: string, opts: { readonly?: boolean } = {}): Store {
    let db: Database.Database;
    try {
      if (!opts.readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
    } catch (e) {
      fail('E_STORE', `cannot open the store ${file}: ${(e as Error).message}`, { hint: opts.readonly ? 'run `papershelf harvest` first, or pass --store FILE' : 'check the path and its permissions, or pass --store FILE' });
    }
    try {
      db.pragma('busy_timeout = 10000');
      // 64 MB of page cache (the default is 2 MB): the id and day indexes of a few 100k papers stay in memory.
      db.pragma('cache_size = -65536');
      if (!opts.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) fail('E_STORE', `the store ${file} was written by a newer papershelf (schema ${version})`, { hint: 'upgrade papershelf, or use another --store' });
      if (version < SCHEMA_VERSION) {
        if (opts.readonly) fail('E_STORE', `the store ${file} needs an upgrade`, { hint: 'run `papershelf harvest` once to upgrade it' });
        const hasTables = (db.prepare("SELECT count(*) AS c FROM sqlite_master WHERE type = 'table'").get() as { c: number }).c;
        if (version === 0 && hasTables > 0) fail('E_STORE', `${file} is an SQLite database, but not a papershelf store`, { hint: 'pass another --store FILE' });
        db.transaction(() => {
          for (let v = version + 1; v <= SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
          db.pragma(`user_version = ${SCHEMA_VERSION}`);
        })();
      }
      return new Store(db, file);
    } catch (e) {
      db.close();
      if (e instanceof PapershelfError) throw e;
      fail('E_STORE', `${file} is not a usable store: ${(e as Error).message}`, { hint: 'pass another --store FILE, or delete this file (the store is derived data and can be harvested again)' });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private prepare() {
    const db = this.db;
    return {
      upsert: db.prepare(UPSERT),
      find: db.prepare(`SELECT ${COLUMNS} FROM papers WHERE id = ?`),
      findN: db.prepare(`SELECT ${COLUMNS} FROM papers WHERE n = ?`),
      textOf: db.prepare('SELECT title, abstract, authors, version FROM papers WHERE id = ?'),
      count: db.prepare('SELECT count(*) AS c FROM papers'),
      heads: db.prepare('SELECT n, id, coalesce(announced, published) AS day, categories FROM papers ORDER BY n'),
      newest: db.prepare('SELECT max(coalesce(announced, published)) AS d FROM papers'),
      getCheckpoint: db.prepare('SELECT key, token, harvested, total, started, updated, done FROM checkpoints WHERE key = ?'),
      putCheckpoint: db.prepare(`INSERT INTO checkpoints (key, token, harvested, total, started, updated, done) VALUES (@key, @token, @harvested, @total, @started, @updated, @done)
        ON CONFLICT (key) DO UPDATE SET token = excluded.token, harvested = excluded.harvested, total = excluded.total, updated = excluded.updated, done = excluded.done`),
      deleteCheckpoint: db.prepare('DELETE FROM checkpoints WHERE key = ?'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      putMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  /**
   * Writes `papers` (and, in the same transaction, the checkpoint that follows them). Counts what changed, so a
   * rerun over the same data can report "0 new, 0 updated".
   */
  upsert(papers: HarvestedPaper[], source: PaperSource, checkpoint?: Omit<Checkpoint, 'started' | 'updated'> & { started?: string }): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    // A new paper returns this call's `seen`: every call gets its own (strictly increasing) timestamp.
    this.lastSeen = Math.max(Date.now(), this.lastSeen + 1);
    const now = new Date(this.lastSeen).toISOString();
    this.db.transaction(() => {
      const fresh = new Set<string>();
      for (const p of papers) {
        // Positional parameters: binding by name costs measurably more on a bulk import.
        const r = this.statements.upsert.get(
          p.id,
          p.version ?? null,
          p.title,
          p.abstract,
          JSON.stringify(p.authors),
          p.categories.join(' '),
          p.published ?? null,
          p.updated ?? null,
          p.announced ?? null,
          p.doi ?? null,
          p.journalRef ?? null,
          p.comments ?? null,
          source,
          now,
        ) as { seen: string } | undefined;
        if (!r) counts.unchanged++;
        else if (r.seen === now && !fresh.has(p.id)) {
          counts.inserted++;
          fresh.add(p.id);
        } else if (!fresh.has(p.id)) counts.updated++;
      }
      if (checkpoint) this.putCheckpointNow(checkpoint, now);
    })();
    return counts;
  }

  get(id: string): StoredPaper | undefined {
    const r = this.statements.find.get(id) as Row | undefined;
    return r && fromRow(r);
  }

  getByN(n: number): StoredPaper | undefined {
    const r = this.statements.findN.get(n) as Row | undefined;
    return r && fromRow(r);
  }

  /** Iterates the texts of every paper in row order, `batch` rows at a time (bounded memory). */
  *allTexts(batch = 5000): Generator<{ n: number; title: string; abstract: string; authors: string[] }[]> {
    const stmt = this.db.prepare('SELECT n, title, abstract, authors FROM papers WHERE n > ? ORDER BY n LIMIT ?');
    let last = 0;
    for (;;) {
      const rows = stmt.all(last, batch) as { n: number; title: string; abstract: string; authors: string }[];
      if (rows.length === 0) return;
      last = rows.at(-1)!.n;
      yield rows.map((r) => ({ n: r.n, title: r.title, abstract: r.abstract, authors: JSON.parse(r.authors) as string[] }));
    }
  }

  count(): number {
    return (this.statements.count.get() as { c: number }).c;
  }

  /** Every paper's row number, id, day and categories, in row order. */
  heads(): PaperHead[] {
    return this.statements.heads.all() as PaperHead[];
  }

  /** The most recent announcement (or v1) day in the store. */
  newestDay(): string | undefined {
    return (this.statements.newest.get() as { d: string | null }).d ?? undefined;
  }

  getCheckpoint(key: string): Checkpoint | undefined {
    return this.statements.getCheckpoint.get(key) as Checkpoint | undefined;
  }

  putCheckpoint(cp: Omit<Checkpoint, 'started' | 'updated'> & { started?: string }): void {
    this.putCheckpointNow(cp, new Date().toISOString());
  }

  private putCheckpointNow(cp: Omit<Checkpoint, 'started' | 'updated'> & { started?: string }, now: string): void {
    this.statements.putCheckpoint.run({ key: cp.key, token: cp.token, harvested: cp.harvested, total: cp.total, started: cp.started ?? now, updated: now, done: cp.done });
  }

  deleteCheckpoint(key: string): void {
    this.statements.deleteCheckpoint.run(key);
  }

  getMeta(key: string): string | undefined {
    return (this.statements.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.statements.putMeta.run(key, value);
  }

  // ---- the ranking's feature cache ----

  currentVocab(): VocabRow | undefined {
    const r = this.db.prepare('SELECT generation, params, docs, terms, created FROM vocab ORDER BY generation DESC LIMIT 1').get() as (Omit<VocabRow, 'terms'> & { terms: string }) | undefined;
    return r && { ...r, terms: JSON.parse(r.terms) as string[] };
  }

  /** Replaces the vocabulary: every cached feature row is dropped in the same transaction. Returns the generation. */
  replaceVocab(params: string, docs: number, terms: string[]): number {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM features').run();
      this.db.prepare('DELETE FROM vocab').run();
      const r = this.db.prepare('INSERT INTO vocab (params, docs, terms, created) VALUES (?, ?, ?, ?)').run(params, docs, JSON.stringify(terms), new Date().toISOString());
      return Number(r.lastInsertRowid);
    })();
  }

  /**
   * Chunks to vectorize (again): those without a cached row of this generation, and those whose cached row counts
   * fewer papers than the store now has in that range (papers harvested since). Returns the chunk numbers.
   */
  staleChunks(generation: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT p.chunk AS chunk FROM (SELECT n >> ${CHUNK_BITS} AS chunk, count(*) AS papers FROM papers GROUP BY chunk) p
         LEFT JOIN features f ON f.chunk = p.chunk AND f.generation = ? WHERE f.chunk IS NULL OR f.papers <> p.papers ORDER BY p.chunk`,
      )
      .all(generation) as { chunk: number }[];
    return rows.map((r) => r.chunk);
  }

  /** The texts of every paper of a chunk, in row order. */
  chunkTexts(chunk: number): { n: number; title: string; abstract: string; authors: string[] }[] {
    const rows = this.db.prepare('SELECT n, title, abstract, authors FROM papers WHERE n >= ? AND n < ? ORDER BY n').all(chunk << CHUNK_BITS, (chunk + 1) << CHUNK_BITS) as { n: number; title: string; abstract: string; authors: string }[];
    return rows.map((r) => ({ n: r.n, title: r.title, abstract: r.abstract, authors: JSON.parse(r.authors) as string[] }));
  }

  /** Caches feature chunks (one transaction). */
  putChunks(generation: number, chunks: FeatureChunk[]): void {
    const stmt = this.db.prepare('INSERT INTO features (chunk, generation, papers, ns, offsets, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chunk) DO UPDATE SET generation = excluded.generation, papers = excluded.papers, ns = excluded.ns, offsets = excluded.offsets, data = excluded.data');
    const bytes = (a: Int32Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    this.db.transaction(() => {
      for (const c of chunks) stmt.run(c.chunk, generation, c.ns.length, bytes(c.ns), bytes(c.offsets), bytes(c.data));
    })();
  }

  /** Every cached chunk of this generation, in row order. Blobs are little-endian 32-bit integers. */
  *featureChunks(generation: number): Generator<FeatureChunk> {
    const stmt = this.db.prepare('SELECT chunk, ns, offsets, data FROM features WHERE generation = ? ORDER BY chunk');
    for (const r of stmt.iterate(generation) as Iterable<{ chunk: number; ns: Buffer; offsets: Buffer; data: Buffer }>) {
      yield { chunk: r.chunk, ns: new Int32Array(aligned(r.ns)), offsets: new Int32Array(aligned(r.offsets)), data: new Uint32Array(aligned(r.data)) };
    }
  }
}

/** The blob's bytes in an ArrayBuffer of their own (Buffers from SQLite may sit at any offset of a shared pool). */
function aligned(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
