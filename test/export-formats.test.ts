/**
 * Issue 5: RIS, CSL-JSON and BibTeX read back by citation-js (the library reference managers' web importers use),
 * CSV read back by csv-parse, the JSON export validated against its published JSON Schema by Ajv.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
// citation-js registers its formats as side effects of importing the plugins.
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { loadCatalog } from '../src/catalog/load.js';
import { exportCatalog, exportEntries, renderExport, writeFeedsAndExports } from '../src/commands/export.js';
import { cslItem } from '../src/export/csl.js';
import { CSV_COLUMNS } from '../src/export/csv.js';
import { exportDocument, exportJsonSchema, ExportFile } from '../src/export/json.js';
import { splitName, type ExportEntry } from '../src/export/paper.js';
import { jsonSchemas } from '../src/model/schema.js';
import { FIXTURES, ROOT } from './helpers.js';

const FIXTURE = join(FIXTURES, 'export', 'catalog');
const BUNDLED = join(ROOT, 'catalog');
const NOW = new Date('2026-12-01T10:00:00Z');

interface CslRead {
  id: string;
  title: string;
  author?: { family?: string; given?: string; literal?: string; 'non-dropping-particle'?: string }[];
  issued?: { 'date-parts': number[][] };
}

function read(text: string | object, type: string): CslRead[] {
  return new Cite(text, { forceType: type }).data as CslRead[];
}

/** What a reference manager must get right: title, authors (family names, in order), year. */
function assertSame(entries: ExportEntry[], items: CslRead[], what: string, opts: { tex?: boolean } = {}) {
  assert.equal(items.length, entries.length, what);
  for (const [i, e] of entries.entries()) {
    const item = items[i]!;
    const p = e.paper;
    assert.equal(item.id, e.key, `${what}: key of ${e.stem}`);
    // In TeX "--" is an en dash: a BibTeX reader rightly decodes it so.
    assert.equal(item.title, opts.tex ? p.title.replace(/---?/g, (d) => (d === '--' ? '–' : '—')) : p.title, `${what}: title of ${e.stem}`);
    // BibTeX readers put "la" of "la Tour" in a particle; together they are the family name.
    const families = (item.author ?? []).map((a) => (a.family ? [a['non-dropping-particle'], a.family].filter(Boolean).join(' ') : a.literal)).filter((f) => f !== 'others');
    assert.deepEqual(families, (p.authors ?? []).map((a) => splitName(a).family), `${what}: authors of ${e.stem}`);
    const year = /\b(19|20)\d{2}\b/.exec(p.venue ?? '')?.[0] ?? p.date?.slice(0, 4);
    assert.equal(String(item.issued?.['date-parts'][0]?.[0]), year, `${what}: year of ${e.stem}`);
  }
}

for (const [name, dir] of [['fixture', FIXTURE], ['bundled', BUNDLED]] as const) {
  const catalog = loadCatalog(dir);
  const { entries, resources } = exportEntries(catalog);
  const input = { catalog, entries, resources, generated: NOW };

  test(`RIS of the ${name} catalog reads back in citation-js with the same titles, authors and years`, async () => {
    const ris = (await renderExport('ris', input)).toString();
    assert.ok(ris.split('\r\n').every((l) => l === '' || /^[A-Z][A-Z0-9]  - /.test(l)), 'every line is a tag line');
    assertSame(entries, read(ris, '@ris/file'), 'RIS');
  });

  test(`CSL-JSON of the ${name} catalog reads in citation-js, and formats as APA with citeproc`, async () => {
    const text = (await renderExport('csl-json', input)).toString();
    assert.equal(text, JSON.stringify(entries.map(cslItem), null, 2) + '\n', 'stringified in chunks, the same text');
    const csl = JSON.parse(text);
    const items = read(csl, '@csl/list+object');
    assertSame(entries, items, 'CSL');
    // citeproc is slow (~10 ms an entry): the first 40 entries show that it can use what we give it.
    const apa = new Cite(csl.slice(0, 40)).format('bibliography', { template: 'apa', format: 'text' }) as string;
    for (const e of entries.slice(0, 40)) assert.ok(apa.includes(e.paper.title.replace(/"/g, '“').slice(0, 20)) || apa.includes(e.paper.title.slice(0, 20)), e.stem);
  });

  test(`BibTeX of the ${name} catalog reads back in citation-js (LaTeX decoded to the same text)`, async () => {
    const bib = (await renderExport('bibtex', input)).toString();
    assertSame(entries, read(bib, '@biblatex/text'), 'BibTeX', { tex: true });
  });

  test(`CSV of the ${name} catalog: header row, RFC 4180, one row per paper`, async () => {
    const csv = (await renderExport('csv', input)).toString();
    assert.ok(csv.startsWith(CSV_COLUMNS.join(',') + '\r\n'));
    const rows = parseCsv(csv, { columns: true, relax_quotes: false, strict: true } as never) as Record<string, string>[];
    assert.equal(rows.length, entries.length);
    for (const [i, e] of entries.entries()) {
      const r = rows[i]!;
      assert.equal(r.key, e.key);
      assert.equal(r.title, e.paper.title.startsWith('=') ? `'${e.paper.title}` : e.paper.title);
      assert.equal(r.why_zh, e.paper.why?.zh ?? '');
      assert.equal(r.categories, e.paper.categories.join('; '));
    }
  });

  test(`JSON export of the ${name} catalog validates against its published JSON Schema`, async () => {
    const files = await writeFeedsAndExports({ catalog, base: '/', siteUrl: 'https://example.org/', now: NOW });
    const text = String(files.get('exports/papers.json'));
    // Written in chunks, the same text as one JSON.stringify of the document.
    assert.equal(text, JSON.stringify(exportDocument({ ...input, taxonomy: catalog.taxonomy, schemaUrl: 'https://example.org/schema/export.schema.json' }), null, 2) + '\n');
    const doc = JSON.parse(text);
    const schema = JSON.parse(files.get('schema/export.schema.json') as string);
    assert.deepEqual(schema, JSON.parse(JSON.stringify(exportJsonSchema())));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.equal(doc.$schema, 'https://example.org/schema/export.schema.json');
    assert.equal(doc.version, 1);
    assert.equal(doc.generated, NOW.toISOString());
    assert.equal(doc.papers.length, catalog.papers.length);
    assert.equal(doc.resources.length, catalog.resources.length);
    assert.deepEqual(doc.taxonomy, catalog.taxonomy);
    // Each paper is the catalog's entry plus stem and key; it validates against the paper schema without them.
    const paperSchema = ajv.compile(jsonSchemas().paper as object);
    for (const [i, p] of doc.papers.entries()) {
      const { stem, key, ...data } = p;
      assert.equal(stem, catalog.papers[i]!.stem);
      assert.equal(key, entries[i]!.key);
      assert.deepEqual(data, catalog.papers[i]!.data);
      assert.ok(paperSchema(data), JSON.stringify(paperSchema.errors));
    }
    // The other schemas are published too, exactly as `papershelf schema` writes them.
    for (const n of ['paper', 'resource', 'taxonomy']) assert.deepEqual(JSON.parse(files.get(`schema/${n}.schema.json`) as string), JSON.parse(JSON.stringify(jsonSchemas()[n as 'paper'])));
    // A document that breaks the contract does not validate.
    assert.equal(validate({ ...doc, version: 2 }), false);
    assert.equal(validate({ ...doc, papers: [{ ...doc.papers[0], title: 42 }] }), false);
    assert.ok(ExportFile.safeParse(doc).success);
  });
}

test('exports of a selection keep the keys of the whole catalog', async () => {
  const all = await exportCatalog({ catalog: FIXTURE, format: 'csl-json' });
  const some = await exportCatalog({ catalog: FIXTURE, format: 'csl-json', category: ['alignment'] });
  const byTitle = new Map((JSON.parse(all.content.toString()) as CslRead[]).map((i) => [i.title, i.id]));
  const picked = JSON.parse(some.content.toString()) as CslRead[];
  assert.equal(some.papers, 2, 'rlhf is a sub-category of alignment');
  assert.deepEqual(picked.map((i) => i.id), ['rafailov2023direct', 'rafailov2023directb']);
  for (const i of picked) assert.equal(i.id, byTitle.get(i.title));
  const json = JSON.parse((await exportCatalog({ catalog: FIXTURE, format: 'json', category: ['alignment'] })).content.toString());
  assert.deepEqual(json.resources.map((r: { stem: string }) => r.stem), ['kexue-fm-10001'], 'resources are selected the same way');
  assert.equal((await exportCatalog({ catalog: FIXTURE, format: 'bibtex', tag: ['must-read', 'preference-optimization'] })).papers, 1);
});

test('RIS: types by venue, arXiv id as accession number, CRLF, values on one line', async () => {
  const ris = (await exportCatalog({ catalog: FIXTURE, format: 'ris' })).content.toString();
  const records = ris.split('\r\nER  - \r\n').map((r) => r.replace(/^\r\n/, '')).filter((r) => r.trim());
  const rec = (key: string) => records.find((r) => r.includes(`ID  - ${key}\r\n`))!;
  assert.match(rec('rafailov2023direct'), /^TY {2}- CPAPER\r\n[\s\S]*T2 {2}- NeurIPS\r\n[\s\S]*AN {2}- arXiv:2305\.18290\r\n/);
  // Published in 2020, first version 2019: PY is the publication year and the v1 date (DA) is left out, since
  // readers take DA over PY.
  assert.match(rec('raffel2019exploring'), /^TY {2}- JOUR\r\n[\s\S]*PY {2}- 2020\r\nJO {2}- JMLR\r\n/);
  assert.doesNotMatch(rec('raffel2019exploring'), /DA {2}-/);
  assert.match(rec('rafailov2023direct'), /PY {2}- 2023\r\nDA {2}- 2023\/05\/29\/\r\n/);
  assert.match(rec('rafailov2023directb'), /^TY {2}- UNPB\r\n[\s\S]*AU {2}- la Tour, Tom Dupré\r\n[\s\S]*PB {2}- arXiv\r\n/);
  assert.match(rec('rafailov2023directb'), /N1 {2}- A second Rafailov 2023 "Direct" paper, so its key needs a suffix; the reason has a bell and <b>markup<\/b>\.$/);
  assert.match(rec('devlin2019bert'), /DO {2}- 10\.18653\/v1\/N19-1423\r\nUR {2}- https:\/\/doi\.org\/10\.18653\/v1\/N19-1423\r\n/);
  assert.doesNotMatch(ris, /[^\r]\n/, 'no bare LF');
});

test('CSV quotes commas, quotes and formulas', async () => {
  const csv = (await exportCatalog({ catalog: FIXTURE, format: 'csv' })).content.toString();
  assert.match(csv, /,"Direct Preference Heuristics for <Unsafe> ""Quoted"" & Ampersand Titles",/);
  assert.match(csv, /,"QuIP#: 50% Faster & \{Braced\} Quantization_with \$x\^2\$, ~tildes~ and a \\backslash",/);
});
