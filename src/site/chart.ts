/**
 * "Papers per year, by category", drawn at build time as an SVG heat map (top-level categories × years, darker =
 * more papers) under a bar of yearly totals. A heat map stays readable with twenty categories where stacked bars
 * would need twenty colours. The same numbers follow as a table for screen readers and for copying.
 */
import { html, raw, type Html } from './html.js';
import { escapeHtml } from '../render/text.js';
import { t } from './i18n.js';
import type { SiteModel } from './model.js';

/** At most this many year columns; older years are folded into the first ("≤ 2014"). */
const MAX_YEARS = 14;

export interface ChartData {
  years: number[];
  /** The first column holds every year up to years[0] when older years were folded. */
  folded: boolean;
  rows: { id: string; en: string; zh?: string; counts: number[]; total: number }[];
  totals: number[];
}

export function chartData(model: SiteModel): ChartData {
  const ys = model.papers.map((sp) => sp.year).filter((y): y is number => y !== undefined);
  if (!ys.length) return { years: [], folded: false, rows: [], totals: [] };
  const max = Math.max(...ys);
  const min = Math.min(...ys);
  const first = Math.max(min, max - MAX_YEARS + 1);
  const years = Array.from({ length: max - first + 1 }, (_, i) => first + i);
  const col = (y: number) => Math.max(0, y - first);
  const totals = years.map(() => 0);
  for (const sp of model.papers) if (sp.year !== undefined) totals[col(sp.year)]!++;
  const rows = model.tree.map((c) => {
    const counts = years.map(() => 0);
    for (const sp of c.papers) if (sp.year !== undefined) counts[col(sp.year)]!++;
    return { id: c.id, en: c.node.name.en, ...(c.node.name.zh ? { zh: c.node.name.zh } : {}), counts, total: c.papers.length };
  });
  return { years, folded: first > min, rows, totals };
}

const LABEL_W = 260;
const CELL_W = 40;
const CELL_H = 24;
const GAP = 2;
const BAR_H = 56;

function yearLabel(d: ChartData, i: number): string {
  return d.folded && i === 0 ? `≤${d.years[0]}` : String(d.years[i]);
}

export function chartSvg(d: ChartData): Html {
  if (!d.years.length) return html``;
  const maxCell = Math.max(1, ...d.rows.flatMap((r) => r.counts));
  const maxTotal = Math.max(1, ...d.totals);
  const top = BAR_H + 22;
  const width = LABEL_W + d.years.length * (CELL_W + GAP);
  const height = top + d.rows.length * (CELL_H + GAP) + 4;
  const parts: string[] = [];
  d.totals.forEach((n, i) => {
    const x = LABEL_W + i * (CELL_W + GAP);
    const h = Math.round((n / maxTotal) * (BAR_H - 14));
    parts.push(`<rect class="bar" x="${x + 4}" y="${BAR_H - h}" width="${CELL_W - 8}" height="${h}" rx="2"/>`);
    if (n) parts.push(`<text class="axis" x="${x + CELL_W / 2}" y="${BAR_H - h - 3}" text-anchor="middle">${n}</text>`);
    parts.push(`<text class="axis" x="${x + CELL_W / 2}" y="${BAR_H + 15}" text-anchor="middle">${yearLabel(d, i)}</text>`);
  });
  d.rows.forEach((r, j) => {
    const y = top + j * (CELL_H + GAP);
    // Category names are catalog text: escaped like any other.
    parts.push(`<text class="lbl l-en" x="${LABEL_W - 10}" y="${y + CELL_H / 2 + 4}" text-anchor="end">${escapeHtml(fit(r.en, 36))}</text>`);
    parts.push(`<text class="lbl l-zh" x="${LABEL_W - 10}" y="${y + CELL_H / 2 + 4}" text-anchor="end">${escapeHtml(fit(r.zh ?? r.en, 16))}</text>`);
    r.counts.forEach((n, i) => {
      const x = LABEL_W + i * (CELL_W + GAP);
      if (!n) {
        parts.push(`<rect x="${x}" y="${y}" width="${CELL_W}" height="${CELL_H}" rx="3" fill="currentColor" fill-opacity="0.06"/>`);
        return;
      }
      const o = 0.18 + 0.82 * Math.sqrt(n / maxCell);
      parts.push(`<rect class="cell" x="${x}" y="${y}" width="${CELL_W}" height="${CELL_H}" rx="3" fill-opacity="${o.toFixed(2)}"/>`);
      parts.push(`<text class="cell-n${o < 0.55 ? ' dark' : ''}" x="${x + CELL_W / 2}" y="${y + CELL_H / 2 + 4}" text-anchor="middle">${n}</text>`);
    });
  });
  const label = `Heat map of papers per year for ${d.rows.length} categories, ${yearLabel(d, 0)} to ${d.years.at(-1)}; the table below has the numbers.`;
  return html`<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}">${raw(parts.join(''))}</svg>`;
}

function fit(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

export function chartTable(d: ChartData): Html {
  return html`<table>
<thead><tr><th scope="col">${t('category')}</th>${d.years.map((_, i) => html`<th scope="col">${yearLabel(d, i)}</th>`)}<th scope="col">${t('total')}</th></tr></thead>
<tbody>${d.rows.map(
    (r) => html`<tr><th scope="row">${r.zh ? html`<span class="l-en">${r.en}</span><span class="l-zh" lang="zh-CN">${r.zh}</span>` : r.en}</th>${r.counts.map((n) => html`<td>${n || ''}</td>`)}<td>${r.total}</td></tr>`,
  )}
<tr><th scope="row">${t('total')}</th>${d.totals.map((n) => html`<td>${n}</td>`)}<td>${d.totals.reduce((a, b) => a + b, 0)}</td></tr></tbody>
</table>`;
}
