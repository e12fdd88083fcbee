/**
 * Reads a catalog folder: `taxonomy.yaml`, `papers/*.yaml`, `resources/*.yaml`. Thin I/O around the pure parser;
 * a bad file becomes problems and is skipped, a missing catalog throws.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fail, type Problem } from '../model/problems.js';
import { Taxonomy, type Paper, type Resource } from '../model/schema.js';
import { recoverJournal } from './files.js';
import { parseBatch, type ParseHelper, type ParsedFile, type ParseJob, type SchemaName } from './parse-files.js';
import { parseYaml } from './yaml.js';

export interface Loaded<T> {
  /** Path of the file, relative to the working directory. */
  file: string;
  /** File name without `.yaml`. */
  stem: string;
  data: T;
  /** The file's text as read, so a writer can tell whether anything changed. */
  text: string;
}

export interface Catalog {
  dir: string;
  taxonomyFile: string;
  taxonomy: Taxonomy;
  papers: Loaded<Paper>[];
  resources: Loaded<Resource>[];
  /** Problems found while reading: syntax and schema errors of single files. */
  problems: Problem[];
}

export const EMPTY_TAXONOMY: Taxonomy = { title: 'Reading list', categories: [], tags: [] };

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

function readText(path: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    problems.push({ code: 'E_READ', severity: 'error', file: display(path), message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'check the file permissions' });
    return undefined;
  }
}

/**
 * Parsed files of this process, by path, with the size and mtime they had: a second load in the same process
 * (check then build, or serve rebuilding after an edit) parses only the files that changed. Entries are shared
 * between loads: treat loaded data as immutable.
 */
const parsedFiles = new Map<string, ParsedFile>();

function loadFolder<T>(dir: string, schema: SchemaName, problems: Problem[], helper?: (files: number) => ParseHelper | undefined): Loaded<T>[] {
  if (!existsSync(dir)) return [];
  const names: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.yaml')) names.push(name);
    else if (name.endsWith('.yml')) problems.push({ code: 'E_FILE_NAME', severity: 'error', file: display(join(dir, name)), message: 'catalog files end in ".yaml", not ".yml"', hint: `rename it to ${name.slice(0, -4)}.yaml` });
  }
  // Which files need (re)parsing: all on the first load, the changed ones after.
  const todo: ParseJob[] = [];
  const inDir = childPath(dir);
  const inShown = childPath(display(dir));
  const paths = names.map(inDir);
  for (let i = 0; i < names.length; i++) {
    const path = paths[i]!;
    const cached = parsedFiles.get(path);
    if (cached) {
      let st;
      try {
        st = statSync(path);
      } catch {
        parsedFiles.delete(path); // removed since
        continue;
      }
      if (cached.size === st.size && cached.mtimeMs === st.mtimeMs) continue;
    }
    todo.push({ path, file: inShown(names[i]!) });
  }
  for (const r of parseBatch(todo, schema, false, helper)) parsedFiles.set(r.path, r);
  const out: Loaded<T>[] = [];
  for (let i = 0; i < names.length; i++) {
    const parsed = parsedFiles.get(paths[i]!);
    if (!parsed) continue;
    problems.push(...parsed.problems);
    if (parsed.value) out.push(loaded<T>(parsed, names[i]!.slice(0, -5)));
  }
  return out;
}

/**
 * `join(dir, name)` for a normalized `dir` (as `join` and `relative` return) and a plain file name from `readdir`,
 * without normalizing each of 10k paths again (`join` was 35 ms of a 10k-paper load).
 */
function childPath(dir: string): (name: string) => string {
  const prefix = dir === '' || dir.endsWith(sep) ? dir : dir + sep;
  return (name) => prefix + name;
}

function loaded<T>(parsed: ParsedFile, stem: string): Loaded<T> {
  const entry = { file: parsed.file, stem, data: parsed.value as T } as Loaded<T>;
  // The text is needed only to point at a line or to compare layouts: read it again then if it was not kept.
  Object.defineProperty(entry, 'text', { enumerable: true, get: () => (parsed.text ??= readFileSync(parsed.path, 'utf8')) });
  return entry;
}

export interface LoadOptions {
  /**
   * Asked, with the number of files a folder has to parse, for another thread to share the parsing with (see
   * src/commands/helper.ts); undefined parses them all on this thread.
   */
  helper?: (files: number) => ParseHelper | undefined;
}

/** Loads the catalog at `dir`. Throws a PapershelfError when the folder is not a catalog. */
export function loadCatalog(dir: string, opts: LoadOptions = {}): Catalog {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fail('E_NO_CATALOG', `no catalog folder at ${display(dir)}`, { hint: 'pass --catalog DIR, or run `papershelf import LIST.md --catalog DIR` to start one' });
  }
  recoverJournal(dir);
  const problems: Problem[] = [];
  const taxonomyFile = join(dir, 'taxonomy.yaml');
  let taxonomy = EMPTY_TAXONOMY;
  if (existsSync(taxonomyFile)) {
    const text = readText(taxonomyFile, problems);
    if (text !== undefined) {
      const parsed = parseYaml(text, Taxonomy, display(taxonomyFile));
      problems.push(...parsed.problems);
      if (parsed.value) taxonomy = parsed.value;
    }
  } else {
    problems.push({ code: 'E_NO_TAXONOMY', severity: 'error', file: display(taxonomyFile), message: 'the catalog has no taxonomy.yaml', hint: 'create it with a title and the category tree; see CONTRIBUTING.md' });
  }
  return {
    dir,
    taxonomyFile: display(taxonomyFile),
    taxonomy,
    papers: loadFolder<Paper>(join(dir, 'papers'), 'paper', problems, opts.helper),
    resources: loadFolder<Resource>(join(dir, 'resources'), 'resource', problems, opts.helper),
    problems,
  };
}
