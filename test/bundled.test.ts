/** The bundled catalog: clean, and its generated list committed and up to date (issue: the foundation). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { check } from '../src/commands/check.js';
import { fmt } from '../src/commands/fmt.js';
import { listPapers } from '../src/commands/list.js';
import { awesomeLint } from './lint.js';
import { ROOT } from './helpers.js';

const catalog = join(ROOT, 'catalog');

test('the bundled catalog checks clean and its reading list is up to date', () => {
  const r = check({ catalog });
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  assert.ok(r.papers >= 300, `${r.papers} papers`);
});

test('the bundled catalog is in the canonical layout', () => {
  assert.deepEqual(fmt({ catalog, check: true }).changed, []);
});

test('every top-level section of the bundled catalog has at least 10 papers', () => {
  const ids = ['typical-llms', 'surveys', 'pretraining', 'moe', 'instruction-tuning', 'rlhf', 'prompting', 'peft', 'long-context', 'compression', 'multimodal', 'agents', 'rag', 'domain'];
  for (const id of ids) assert.ok(listPapers({ catalog, category: [id] }).length >= 10, id);
});

test('the committed reading-list.md passes awesome-lint', async () => {
  const messages = await awesomeLint(join(ROOT, 'reading-list.md'));
  assert.deepEqual(messages.filter((m) => m.fatal !== false), []);
});
