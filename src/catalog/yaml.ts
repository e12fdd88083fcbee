/**
 * Pure YAML parsing with positions, and validation against a schema that reports every problem with its line
 * and column. The only module that knows the `yaml` library's document model.
 */
import { CORE_SCHEMA, load as fastLoad } from 'js-yaml';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { z } from 'zod';
import type { Problem } from '../model/problems.js';

export interface Parsed<T> {
  value?: T;
  problems: Problem[];
}

const MAX_FILE_BYTES = 1_000_000;

let yamlLib: typeof Yaml | undefined;
/** eemeli/yaml, loaded on first use: only a file with a problem needs it (it adds ~50 ms to every start-up). */
function eemeli(): typeof Yaml {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

/**
 * Parses and validates one YAML file's text. Never throws for bad input: returns problems instead.
 *
 * Two paths, measured (bench/catalog.bench.mjs): js-yaml reads a 10k-paper catalog about ten times faster than
 * eemeli/yaml, but only eemeli/yaml keeps the source ranges that turn a schema issue into a line and column. So a
 * valid file takes the fast path (js-yaml with the YAML 1.2 core schema, the one eemeli/yaml uses too, so both read
 * the same values — a test compares them on every bundled file) and any file with a problem, or with anchors and
 * aliases (which js-yaml does not bound), is read again by eemeli/yaml for the report.
 */
export function parseYaml<S extends z.ZodType>(text: string, schema: S, file: string): Parsed<z.infer<S>> {
  if (text.length <= MAX_FILE_BYTES && !/[&*\u0000]/.test(text)) {
    try {
      const result = compiled(schema).safeParse(fastLoad(text, { schema: CORE_SCHEMA, json: false }) ?? {});
      if (result.success) return { value: result.data, problems: [] };
    } catch {
      // fall through to the exact parser for the report
    }
  }
  return parseYamlExact(text, schema, file);
}

const compiledSchemas = new WeakMap<z.ZodType, z.ZodType>();
/**
 * The schema compiled by Zod (`z.compile`: generated code instead of a walk of the schema per value; the same results
 * and the same issues, documented and tested so by Zod). A third of the time of validating a 10k-paper catalog.
 */
function compiled<S extends z.ZodType>(schema: S): S {
  let c = compiledSchemas.get(schema);
  if (!c) compiledSchemas.set(schema, (c = z.compile(schema)));
  return c as S;
}

/** The exact path: eemeli/yaml with source ranges; every problem gets a line and column. */
export function parseYamlExact<S extends z.ZodType>(text: string, schema: S, file: string): Parsed<z.infer<S>> {
  if (text.length > MAX_FILE_BYTES) {
    return { problems: [{ code: 'E_FILE_TOO_LARGE', severity: 'error', file, message: `file is ${text.length} bytes; a catalog file may have at most ${MAX_FILE_BYTES}`, hint: 'a paper entry is a few hundred bytes: check that this is the right file' }] };
  }
  if (text.includes('\u0000')) {
    return { problems: [{ code: 'E_BINARY', severity: 'error', file, message: 'file holds binary data (NUL bytes), not YAML text', hint: 'replace it with a UTF-8 YAML file' }] };
  }
  const { LineCounter, parseDocument } = eemeli();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const pos = lc.linePos(e.pos[0]);
    problems.push({
      code: 'E_YAML_SYNTAX',
      severity: 'error',
      file,
      line: pos.line,
      column: pos.col,
      message: `invalid YAML: ${e.message.split('\n')[0]}`,
      hint: 'quote strings that contain ": " or start with [ { * & ! | > \' " % @ `',
    });
  }
  if (problems.length) return { problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    return { problems: [{ code: 'E_YAML_SYNTAX', severity: 'error', file, message: `invalid YAML: ${(e as Error).message}` }] };
  }
  const result = schema.safeParse(data ?? {});
  if (result.success) return { value: result.data, problems };
  for (const issue of result.error.issues) problems.push(issueToProblem(issue, doc, lc, file));
  return { problems };
}

function issueToProblem(issue: z.core.$ZodIssue, doc: Document, lc: LineCounter, file: string): Problem {
  const { isMap, isPair, isScalar } = eemeli();
  const path = issue.path as (string | number)[];
  let node = nodeAt(doc, path);
  let message: string;
  let hint: string | undefined;
  const field = path.length ? path.join('.') : 'the file';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const pair = isMap(node) ? node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === key) : undefined;
    if (pair && isPair(pair) && isScalar(pair.key)) node = pair.key as Node;
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${path.length ? ` in ${field}` : ''}`;
    hint = 'check the spelling against the JSON Schema in schema/, or remove the field';
  } else if (issue.code === 'invalid_type') {
    const got = path.length === 0 || doc.hasIn(path) ? typeOfNode(node) : 'missing';
    message = got === 'missing' ? `missing required field "${field}"` : `"${field}" must be ${issue.expected}, not ${got}`;
    if (got === 'number' && issue.expected === 'string') hint = `quote the value so YAML reads it as text: ${path.at(-1)}: "${isScalar(node) ? String((node as { source?: string }).source ?? node.value) : ''}"`;
    else if (got === 'missing') hint = `add the field "${path.at(-1)}"`;
  } else {
    message = `"${field}" ${issue.message}`;
  }
  const offset = node?.range?.[0];
  const pos = offset !== undefined ? lc.linePos(offset) : { line: 1, col: 1 };
  return { code: 'E_SCHEMA', severity: 'error', file, line: pos.line, column: pos.col, message, ...(hint ? { hint } : {}) };
}

/** The deepest node that exists on the path (so a missing field points at its parent). */
function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  let node: Node | undefined = doc.contents ?? undefined;
  for (let i = 1; i <= path.length; i++) {
    const next = doc.getIn(path.slice(0, i), true) as Node | undefined;
    if (next === undefined || next === null) break;
    node = next;
  }
  return node;
}

function typeOfNode(node: Node | undefined): string {
  const { isMap, isScalar } = eemeli();
  if (!node) return 'missing';
  if (isScalar(node)) return node.value === null ? 'empty' : typeof node.value;
  return isMap(node) ? 'a mapping' : 'a list';
}
