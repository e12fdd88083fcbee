/** Small pure helpers shared by the renderers. Each is tested on its own. */

/**
 * Escapes text from the catalog for inline Markdown: HTML becomes inert text, Markdown syntax is taken
 * literally, and line breaks cannot end a list item.
 */
export function escapeMarkdown(text: string): string {
  // Most text has nothing to escape, no line break, no leading "-" and no space at either end: it stays as it is.
  if (!MD_TOUCHED.test(text)) return text;
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>\\`*_[\]{}()#+!|~]/g, (c) => MD_ESCAPES[c]!)
    .replace(/^(\s*)-/, '$1\\-')
    .trim();
}

const MD_TOUCHED = /[\r\n&<>\\`*_[\]{}()#+!|~]|^[\s-]|\s$/;
const MD_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
for (const c of '\\`*_[]{}()#+!|~') MD_ESCAPES[c] = '\\' + c;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A URL that is safe to put in a link: only http(s), otherwise undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Markdown link destinations: angle brackets keep spaces and parentheses from breaking the link. */
export function markdownUrl(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

/** Sort key for partial dates ("2023", "2023-05", "2023-05-29"): missing parts sort first. */
export function dateKey(date: string | undefined): string {
  return date ?? '0000';
}

/** "Ends with sentence punctuation" in English or Chinese. */
export function endsSentence(text: string): boolean {
  return /[.!?…。！？」』）)"”]$/.test(text.trim());
}
