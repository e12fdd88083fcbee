/** What a CLI command is: its flags (node:util parseArgs), help text, examples, and a runner that prints. */
import type { ParseArgsConfig } from 'node:util';
export { resolveCatalog } from '../commands/context.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY?: boolean;
}

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  summary: string;
  usage: string;
  options: Options;
  help: string;
  examples: string[];
  /** Returns the exit code. May stay running (serve) until a signal. */
  run(values: Values, positionals: string[], io: Io): number | Promise<number>;
}

export const CATALOG_OPTION: Options = { catalog: { type: 'string' } };
export const CATALOG_HELP = '  --catalog DIR   the catalog folder (default: ./catalog if it exists, else the bundled one)';

export class UsageError extends Error {}
export const usage = (message: string) => new UsageError(message);
