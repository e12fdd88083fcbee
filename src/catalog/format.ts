/**
 * Pure serialization of catalog entries to YAML in one canonical layout: keys in schema order, short lists of
 * ids in flow style, no line folding. Loading and saving an unchanged entry gives the same bytes.
 */
import { Document, isSeq, YAMLSeq } from 'yaml';
import { PAPER_KEYS, RESOURCE_KEYS, type Paper, type Resource, type Taxonomy } from '../model/schema.js';

const FLOW_KEYS = new Set(['categories', 'tags']);

function ordered<T extends object>(value: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0 && FLOW_KEYS.has(k) && k !== 'categories') continue;
    out[k] = v;
  }
  return out;
}

function stringify(data: unknown): string {
  const doc = new Document(data);
  const contents = doc.contents;
  if (contents && 'items' in contents) {
    for (const pair of (contents as { items: { key: { value?: unknown }; value: unknown }[] }).items) {
      if (FLOW_KEYS.has(String(pair.key?.value ?? pair.key)) && isSeq(pair.value)) (pair.value as YAMLSeq).flow = true;
    }
  }
  return doc.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indentSeq: true });
}

export function paperToYaml(paper: Paper): string {
  const p = ordered(paper, PAPER_KEYS);
  if (paper.links) p.links = ordered(paper.links, ['pdf', 'code', 'project']);
  if (paper.why) p.why = ordered(paper.why, ['en', 'zh']);
  if (paper.notes) p.notes = paper.notes.map((n) => ordered(n, ['title', 'url', 'lang']));
  return stringify(p);
}

export function resourceToYaml(resource: Resource): string {
  const r = ordered(resource, RESOURCE_KEYS);
  if (resource.why) r.why = ordered(resource.why, ['en', 'zh']);
  if (resource.notes) r.notes = resource.notes.map((n) => ordered(n, ['title', 'url', 'lang']));
  return stringify(r);
}

export function taxonomyToYaml(taxonomy: Taxonomy): string {
  return new Document(taxonomy).toString({ lineWidth: 0, indentSeq: true });
}
