/** What a harvest returns (data; the CLI prints it) and how it reports progress while it runs. */
import type { Problem } from '../model/problems.js';

export interface HarvestReport {
  source: 'file' | 'oai' | 'api' | 'abstracts';
  /** The file, or the request that was harvested, for messages. */
  target: string;
  /** Records read from the source (lines, OAI-PMH records, Atom entries). */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records that were not papers (bad JSON, no id, no title…); the first ones are in `problems`. */
  refused: number;
  problems: Problem[];
  /** Set when this run continued an interrupted one: lines skipped, or the token/offset it resumed from. */
  resumedFrom?: number | string;
  /** HTTP requests made (0 for files). */
  requests: number;
  /** False when the harvest stopped early (a limit was reached); a rerun continues it. */
  complete: boolean;
  ms: number;
}

export interface Progress {
  done: number;
  total: number | null;
  unit: 'bytes' | 'records';
  papers: number;
}

export type ProgressFn = (p: Progress) => void;
