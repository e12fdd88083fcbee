/**
 * The site's icons, drawn by the stylesheet: a page carries `<span class="i i-external" aria-hidden="true">` (45
 * bytes) where it carried the SVG itself (300 bytes, three times on a paper page). The SVG becomes a CSS mask
 * filled with the text colour, so icons follow the theme and hover colours as inline SVG did. All are decorative:
 * every control that shows one also has a text or an aria-label.
 */
import { raw, type Html } from './html.js';

const SVG = (attrs: string, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" ${attrs}>${body}</svg>`;
const STROKE = 'fill="none" stroke="#000" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';

const SOURCES = {
  search: SVG('fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round"', '<circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/>'),
  brand: SVG('fill="#000"', '<path d="M4 4h4v16H4zM9.5 4h4v16h-4zM15 5.2l3.8-1 3.2 14.6-3.8 1z"/>'),
  sun: SVG(STROKE, '<circle cx="12" cy="12" r="4.2"/><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>'),
  moon: SVG(STROKE, '<path d="M20.5 14.2A8.5 8.5 0 1 1 9.8 3.5a6.8 6.8 0 0 0 10.7 10.7z"/>'),
  feed: SVG('fill="#000"', '<circle cx="6" cy="18" r="2.2"/><path d="M4 10.5v3a6.5 6.5 0 0 1 6.5 6.5h3A9.5 9.5 0 0 0 4 10.5zm0-6v3A12.5 12.5 0 0 1 16.5 20h3A15.5 15.5 0 0 0 4 4.5z"/>'),
  download: SVG(STROKE, '<path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 20h14"/>'),
  copy: SVG(STROKE, '<rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3"/>'),
  external: SVG(STROKE, '<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>'),
};
export type IconName = keyof typeof SOURCES;

/** Extra classes some icons keep for placement (the search box's icon) or for the theme switch. */
const EXTRA: Partial<Record<IconName, string>> = { search: ' icon', sun: ' theme-icon-light', moon: ' theme-icon-dark' };

export const ICONS = Object.fromEntries(
  (Object.keys(SOURCES) as IconName[]).map((name) => [name, raw(`<span class="i i-${name}${EXTRA[name] ?? ''}" aria-hidden="true"></span>`)]),
) as Record<IconName, Html>;

/** An SVG as a CSS url(): quotes, brackets and # escaped, the rest readable. */
function dataUrl(svg: string): string {
  return `url("data:image/svg+xml,${svg.replace(/"/g, "'").replace(/</g, '%3C').replace(/>/g, '%3E').replace(/#/g, '%23')}")`;
}

/** The rules that draw the icons (part of site.css). */
export function iconCss(): string {
  const rules = (Object.keys(SOURCES) as IconName[]).map((name) => `.i-${name} { --i: ${dataUrl(SOURCES[name])}; }`);
  return `.i {
  display: inline-block; flex: none; width: 1em; height: 1em; background-color: currentColor;
  -webkit-mask: var(--i) center / contain no-repeat; mask: var(--i) center / contain no-repeat;
}
@media (forced-colors: active) { .i { forced-color-adjust: none; background-color: CanvasText; } }
${rules.join('\n')}
`;
}

/** The site's icon (favicon), an asset file: assets/<version>/icon.svg. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f4fb0"/><path d="M9 8h5v16H9zM15.5 8h5v16h-5zM22 9.2l4.6-1.2 3.4 15-4.6 1.2z" fill="#fff"/></svg>\n';
