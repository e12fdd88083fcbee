/**
 * Where the sources live and how papershelf identifies itself to them. Read once per command from, in increasing
 * priority: built-in defaults, a config file, environment variables.
 *
 * The config file is YAML: `$PAPERSHELF_CONFIG` if set, else `$XDG_CONFIG_HOME/papershelf/config.yaml`
 * (`~/.config/papershelf/config.yaml`). It is the user's, not the catalog's: base URLs, an API key and a contact
 * address are per machine, not per reading list. Keys (all optional):
 *
 *   arxiv_api: https://export.arxiv.org/api/query     # PAPERSHELF_ARXIV_API
 *   s2_api: https://api.semanticscholar.org/graph/v1  # PAPERSHELF_S2_API
 *   doi_api: https://api.crossref.org                 # PAPERSHELF_DOI_API
 *   s2_api_key: …                                     # PAPERSHELF_S2_API_KEY
 *   mailto: you@example.org                           # PAPERSHELF_MAILTO: sent in the User-Agent (and to Crossref)
 *   cache_dir: ~/.cache/papershelf                    # PAPERSHELF_CACHE_DIR
 *   cache_max_age_days: 1                             # PAPERSHELF_CACHE_MAX_AGE_DAYS
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseYaml } from '../catalog/yaml.js';
import { fail, PapershelfError } from '../model/problems.js';

export interface SourcesConfig {
  /** arXiv API query endpoint (Atom). */
  arxivApi: string;
  /** Semantic Scholar Graph API root (…/graph/v1). */
  s2Api: string;
  /** Crossref REST API root (…/works/{doi} is appended). */
  doiApi: string;
  s2ApiKey?: string;
  mailto?: string;
  /** Folder of the on-disk HTTP cache. */
  cacheDir: string;
  /** Cached answers older than this are fetched again. */
  cacheMaxAgeDays: number;
  userAgent: string;
  /** The config file that was read, if any (for messages). */
  configFile?: string;
}

export const DEFAULTS = {
  arxivApi: 'https://export.arxiv.org/api/query',
  s2Api: 'https://api.semanticscholar.org/graph/v1',
  doiApi: 'https://api.crossref.org',
  cacheMaxAgeDays: 1,
} as const;

const Url = z.string().regex(/^https?:\/\/[^\s<>"]+$/, { message: 'must be an http(s) URL' });
const ConfigFile = z.strictObject({
  arxiv_api: Url.optional(),
  s2_api: Url.optional(),
  doi_api: Url.optional(),
  s2_api_key: z.string().min(1).max(200).optional(),
  mailto: z.string().regex(/^[^\s@<>()]+@[^\s@<>()]+$/, { message: 'must be an e-mail address' }).optional(),
  cache_dir: z.string().min(1).max(1000).optional(),
  cache_max_age_days: z.number().min(0).max(3650).optional(),
});

const VERSION = readVersion();

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0';
  } catch {
    return '0';
  }
}

/** The default cache folder: XDG on Linux, the platform's cache folder elsewhere. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home = homedir(), platform = process.platform): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'papershelf');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'papershelf');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'papershelf', 'Cache');
  return join(home, '.cache', 'papershelf');
}

export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (env.PAPERSHELF_CONFIG) return resolve(env.PAPERSHELF_CONFIG);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'papershelf', 'config.yaml');
}

const expandHome = (p: string, home: string) => (p === '~' || p.startsWith('~/') ? join(home, p.slice(1)) : p);
const trimSlash = (u: string) => u.replace(/\/+$/, '');

/** Reads the configuration. Throws a PapershelfError (with file and line) for a bad config file or variable. */
export function loadSourcesConfig(env: NodeJS.ProcessEnv = process.env, home = homedir()): SourcesConfig {
  const file = defaultConfigFile(env, home);
  let fromFile: z.infer<typeof ConfigFile> = {};
  let configFile: string | undefined;
  if (existsSync(file)) {
    const parsed = parseYaml(readFileSync(file, 'utf8'), ConfigFile, file);
    if (!parsed.value) throw new PapershelfError(parsed.problems.map((p) => ({ ...p, hint: p.hint ?? 'see DESIGN.md (Sources) for the keys of the config file' })));
    fromFile = parsed.value;
    configFile = file;
  } else if (env.PAPERSHELF_CONFIG) {
    fail('E_CONFIG', `PAPERSHELF_CONFIG names ${file}, which does not exist`, { hint: 'unset it, or point it at a YAML config file' });
  }
  const url = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined || value === '') return undefined;
    if (!Url.safeParse(value).success) fail('E_CONFIG', `${name} must be an http(s) URL, not "${value.slice(0, 100)}"`, { hint: `e.g. ${name}=http://127.0.0.1:8080/api/query` });
    return value;
  };
  const ageEnv = env.PAPERSHELF_CACHE_MAX_AGE_DAYS;
  if (ageEnv !== undefined && ageEnv !== '' && !(Number(ageEnv) >= 0)) fail('E_CONFIG', `PAPERSHELF_CACHE_MAX_AGE_DAYS must be a number of days, not "${ageEnv.slice(0, 40)}"`);
  const mailto = env.PAPERSHELF_MAILTO || fromFile.mailto;
  return {
    arxivApi: trimSlash(url('PAPERSHELF_ARXIV_API', env.PAPERSHELF_ARXIV_API) ?? fromFile.arxiv_api ?? DEFAULTS.arxivApi),
    s2Api: trimSlash(url('PAPERSHELF_S2_API', env.PAPERSHELF_S2_API) ?? fromFile.s2_api ?? DEFAULTS.s2Api),
    doiApi: trimSlash(url('PAPERSHELF_DOI_API', env.PAPERSHELF_DOI_API) ?? fromFile.doi_api ?? DEFAULTS.doiApi),
    ...(env.PAPERSHELF_S2_API_KEY || fromFile.s2_api_key ? { s2ApiKey: env.PAPERSHELF_S2_API_KEY || fromFile.s2_api_key } : {}),
    ...(mailto ? { mailto } : {}),
    cacheDir: resolve(expandHome(env.PAPERSHELF_CACHE_DIR || fromFile.cache_dir || defaultCacheDir(env, home), home)),
    cacheMaxAgeDays: ageEnv !== undefined && ageEnv !== '' ? Number(ageEnv) : (fromFile.cache_max_age_days ?? DEFAULTS.cacheMaxAgeDays),
    userAgent: `papershelf/${VERSION} (reading-list curation tool${mailto ? `; mailto:${mailto}` : ''})`,
    ...(configFile ? { configFile } : {}),
  };
}
