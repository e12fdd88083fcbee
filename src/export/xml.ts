/** Small pure helpers for the XML feeds: escaping and the two date formats feeds use. Tested in export-helpers. */

/**
 * Characters XML 1.0 forbids anywhere (most C0 controls, lone surrogates, U+FFFE/U+FFFF). A catalog string can
 * carry them through a YAML escape ("\x01"); one of them would make the whole feed unreadable, so they are dropped.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Anything escapeXml has to touch; most text has none of it and is returned as it is. */
const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Escapes text for XML element content and attribute values (double or single quoted). */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Midnight UTC of a catalog day ("2026-11-27"), the time the catalog gives `added`. */
export function dayToDate(day: string): Date {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a day: ${day}`);
  return d;
}

/** RFC 822 date-time as RSS 2.0 wants it, with a four-digit year: "Fri, 27 Nov 2026 00:00:00 GMT". */
export function rfc822(date: Date): string {
  // toUTCString is specified (ECMA-262, since ES2018) to give exactly this form.
  return date.toUTCString();
}

/** RFC 3339 date-time as Atom and JSON Feed want it, whole seconds: "2026-11-27T00:00:00Z". */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
