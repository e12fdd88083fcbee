/**
 * Pure text → words, the way scikit-learn's TfidfVectorizer in the arxiv-sanity-lite recipe reads text: accents
 * stripped, lower case, words of 2+ characters from [a-z0-9_] that start with a letter or `_` (the token pattern
 * `\b[a-zA-Z_][a-zA-Z0-9_]+\b`), English stop words removed; n-grams are formed from the words that remain.
 *
 * One scanner serves both the cold path (which interns words from character ranges, see tables.ts) and the warm
 * path (which slices them): the same text always gives the same words.
 */
import { eng } from 'stopword';

/** English stop words (the `stopword` package's list). Words in more than maxDf of the papers are dropped too. */
export const STOP_WORDS: readonly string[] = eng;
const STOP_SET: ReadonlySet<string> = new Set(eng);

const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING = /[\u0300-\u036f]/g;

/** Lower case with accents stripped (NFKD without combining marks, only when there is anything non-ASCII). */
export function prepare(text: string): string {
  const s = text.toLowerCase();
  return NON_ASCII.test(s) ? s.normalize('NFKD').replace(COMBINING, '') : s;
}

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
/** Letters and digits beyond ASCII (ß, ø, Greek, CJK…): part of a word for the pattern's \b, but not of [a-z0-9_]. */
const OTHER_WORD = /[\p{L}\p{N}\p{M}]/u;
const isOtherWordChar = (c: number) => c >= 128 && OTHER_WORD.test(String.fromCharCode(c));

/**
 * Calls `onWord(start, end, hash)` for every word of a prepared text: a maximal run of word characters of 2+
 * characters, all from [a-z0-9_], not starting with a digit — a run holding any other letter ("große") is no word,
 * as for the recipe's `\b…\b` pattern. `hash` is the word's FNV-1a hash (WordTable.hash).
 */
export function scanWords(s: string, onWord: (start: number, end: number, hash: number) => void): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (!isWordChar(c)) {
      if (!isOtherWordChar(c)) {
        i++;
        continue;
      }
      // A run that starts with another letter is no word: skip to its end.
      while (i < n && (isWordChar((c = s.charCodeAt(i))) || isOtherWordChar(c))) i++;
      continue;
    }
    const start = i;
    const digit = c >= 48 && c <= 57;
    let h = 0x811c9dc5 | 0;
    while (i < n && isWordChar((c = s.charCodeAt(i)))) {
      h = Math.imul(h ^ c, 16777619);
      i++;
    }
    if (i < n && isOtherWordChar(c)) {
      while (i < n && (isWordChar((c = s.charCodeAt(i))) || isOtherWordChar(c))) i++;
      continue;
    }
    if (!digit && i - start >= 2) onWord(start, i, h);
  }
}

/** The words of a text, stop words removed. */
export function words(text: string): string[] {
  const s = prepare(text);
  const out: string[] = [];
  scanWords(s, (start, end) => {
    const w = s.slice(start, end);
    if (!STOP_SET.has(w)) out.push(w);
  });
  return out;
}

/** The text a paper's features are made of: the title `titleWeight` times, the abstract, and the authors. */
export function paperText(p: { title: string; abstract: string; authors: string[] }, titleWeight: number, authors: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < titleWeight; i++) parts.push(p.title);
  parts.push(p.abstract);
  if (authors) parts.push(p.authors.join(' '));
  return parts.join(' ');
}
