/** The answer of a source about one id: the record, or a per-id error that says what went wrong and what to do. */
export type Found<T> = { ok: true; value: T } | Missing;

export interface Missing {
  ok: false;
  /** Permanent code, e.g. E_ARXIV_NOT_FOUND, E_ARXIV_BAD_ID, E_SOURCE_UNAVAILABLE. */
  code: string;
  message: string;
  hint?: string;
}

export const found = <T>(value: T): Found<T> => ({ ok: true, value });
export const missing = (code: string, message: string, hint?: string): Missing => ({ ok: false, code, message, ...(hint ? { hint } : {}) });

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Text that squash leaves as it is: printable ASCII, single spaces inside (most of what sources send). */
const NEEDS_SQUASH = /[^\x21-\x7e ]| {2}|^ | $/;

/** Collapses runs of white space (arXiv wraps long titles and author names over lines); composed Unicode (NFC). */
export const squash = (s: string): string => (NEEDS_SQUASH.test(s) ? s.normalize('NFC').replace(/\s+/g, ' ').trim() : s);

/** Strict UTF-8 decoding: undefined when the bytes are not UTF-8. A leading BOM is dropped. */
export function decodeUtf8(body: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/**
 * The per-id error for a source that could not give an answer. A refusal that asking again will not cure (404, 401,
 * a host that does not resolve) points at the configured address; anything else says to try again later.
 */
export function unavailable(source: string, message: string, fault: { kind: string; status?: number }, setting: string): Missing {
  const lasting = (fault.kind === 'status' && fault.status !== undefined && fault.status < 500 && fault.status !== 429 && fault.status !== 408) || /ENOTFOUND|ECONNREFUSED|EAI_AGAIN/.test(message);
  return missing(
    'E_SOURCE_UNAVAILABLE',
    `${source}: ${message}`,
    lasting ? `check the address of ${source} (${setting}) and the network` : 'try again later: look-ups that finished are cached, so a re-run resumes',
  );
}
