/**
 * The one tokenizer of the search index, shared by the index writer (Node, at build time) and the browser (at query
 * time): both sides must cut text into the same terms or nothing matches.
 *
 * - Text is NFKD-normalized, diacritics dropped and lower-cased ("Müller" → "muller", full-width → ASCII).
 * - arXiv ids stay whole ("2305.18290", "hep-th/9901001"); an "arXiv:" prefix is dropped.
 * - Latin/number words are split on anything else; a few English function words are dropped.
 * - Runs of CJK characters (no spaces between words) become overlapping character bigrams
 *   ("大模型推理" → 大模 模型 型推 推理); a lone character stays a term of its own. A query of bigrams ANDed
 *   together behaves like a phrase search, with no dictionary to ship.
 *
 * Pure and dependency-free: this file is compiled once and served to browsers as is.
 */

const STOP = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'is', 'it', 'its', 'of', 'on', 'or', 'that', 'the', 'this', 'to', 'with']);

const ARXIV = /^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/;
/** One token: an arXiv id, a CJK run, or a run of letters/digits. */
const TOKEN = /\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7}(?:v\d+)?|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+|(?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])[\p{L}\p{N}])+/gu;
/** TOKEN for lower-cased ASCII text, which most English text is: the same matches, without Unicode classes. */
const TOKEN_ASCII = /\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7}(?:v\d+)?|[a-z0-9]+/g;
const NON_ASCII = /[^\x00-\x7f]/;
const CJK = /^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;

/** Latin letters that Unicode does not decompose into a base letter and a mark. */
const FOLD: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

export function normalize(text: string): string {
  // Plain ASCII needs no Unicode normalization (most English text): the fast path.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[łøđðßæœıþ]/g, (c) => FOLD[c]!);
}

export function isCjk(term: string): boolean {
  return CJK.test(term);
}

export function isArxivId(term: string): boolean {
  return ARXIV.test(term);
}

function cjkCode(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xac00 && c <= 0xd7af);
}

/** Terms of a text, in order, duplicates kept (term frequency counts them). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // Plain ASCII text is tested once: it needs neither normalize's Unicode path nor TOKEN's Unicode classes.
  const ascii = !NON_ASCII.test(text);
  let s = ascii ? text.toLowerCase() : normalize(text);
  if (s.includes('arxiv:')) s = s.replace(/\barxiv:\s*/g, '');
  const re = ascii ? TOKEN_ASCII : TOKEN;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const t = m[0];
    if (cjkCode(t.charCodeAt(0))) {
      // BMP characters only in the CJK ranges above: index by code unit.
      if (t.length === 1) out.push(t);
      else for (let i = 0; i + 1 < t.length; i++) out.push(t.slice(i, i + 2));
    } else if (t.includes('.') || t.includes('/')) {
      out.push(t.replace(/v\d+$/, ''));
    } else if (!STOP.has(t)) {
      out.push(t);
    }
  }
  return out;
}

/**
 * The shard a term lives in: Latin terms by their first letter or digit, CJK terms by a hash of their first
 * character (thousands of characters, 64 files), everything else in one shard. Typos and prefixes are forgiven
 * within a shard, so a typo in the first letter is not (documented in DESIGN.md).
 */
export function shardOf(term: string): string {
  const c = term.codePointAt(0) ?? 0;
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return String.fromCharCode(c);
  if (isCjk(term)) return 'h' + (c % 64).toString(16).padStart(2, '0');
  return 'x';
}
