/**
 * Progress of long look-ups on a terminal: one line on stderr, rewritten in place, cleared at the end. Nothing at
 * all when stderr is not a terminal (CI logs, pipes), so output stays clean for machines.
 */
import type { HttpEvent } from '../sources/http.js';
import type { OpenSourcesOptions, Progress } from '../sources/lookup.js';

const NAMES: Record<string, string> = { arxiv: 'arXiv', s2: 'Semantic Scholar', crossref: 'DOI registry' };

export interface TerminalProgress extends Pick<OpenSourcesOptions, 'onEvent' | 'onProgress'> {
  /** Clears the line; call before printing the result. */
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): TerminalProgress | undefined {
  if (!stream.isTTY) return undefined;
  const counts = new Map<string, Progress>();
  let note = '';
  let shown = false;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const parts = [...counts.values()].map((p) => `${NAMES[p.source] ?? p.source} ${p.done}/${p.total}`);
    const line = [parts.join(' · '), note].filter(Boolean).join(' · ');
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${line.slice(0, width)}`);
    shown = true;
  };
  return {
    onProgress(p) {
      counts.set(p.source, p);
      draw(p.done === p.total);
    },
    onEvent(e: HttpEvent) {
      if (e.type === 'wait' && e.ms >= 1000) note = `${NAMES[e.source] ?? e.source}: waiting ${Math.round(e.ms / 1000)} s (politeness)`;
      else if (e.type === 'retry') note = `${NAMES[e.source] ?? e.source}: ${e.reason}; retrying in ${Math.round(e.delayMs / 1000)} s`;
      else if (e.type === 'request') note = `${NAMES[e.source] ?? e.source}: asking…`;
      else return;
      draw();
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
