/** Acceptance tests on the real material in ../shared; skipped when it is absent (a user's clone). */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { check } from '../src/commands/check.js';
import { importList } from '../src/commands/import.js';
import { SHARED, tempDir } from './helpers.js';

const seed = join(SHARED, 'seed', 'reading-list.md');
const skip = !existsSync(seed) && 'needs ../shared';

test('the real seed imports completely and check finds its known errors', { skip }, () => {
  const catalog = join(tempDir(), 'catalog');
  const r = importList({ catalog, file: seed, today: '2026-01-01' });
  assert.equal(r.recognized, 32);
  assert.equal(r.added.length, 32);
  assert.equal(r.categoriesAdded.length, 20, 'every section and subsection, empty ones included');
  assert.deepEqual(r.unused, []);
  const again = importList({ catalog, file: seed, today: '2026-02-02' });
  assert.deepEqual([again.added.length, again.updated.length, again.skipped.length], [0, 0, 32]);
  const c = check({ catalog });
  const has = (code: string, file: string) => c.problems.some((p) => p.code === code && p.file?.endsWith(file));
  assert.ok(has('E_DUPLICATE', '2203.02155.yaml'), 'Flan carries InstructGPT\'s id');
  assert.ok(has('E_DATE_MISMATCH', '2306.00978.yaml'), 'AWQ dated October 2023');
  assert.ok(has('E_DATE_MISMATCH', '2404.11584.yaml'), 'agent survey dated February 2024');
  assert.ok(has('W_DATE_CHECK', '2203.02155.yaml'), 'InstructGPT dated February 2022, id of March');
  for (const empty of ['surveys', 'moe', 'prompt-engineer', 'multimoda', 'domain-usage']) assert.ok(c.problems.some((p) => p.code === 'W_EMPTY_CATEGORY' && p.message.includes(`"${empty}"`)), empty);
});

test('the public lists import without crashing and report what they could not use', { skip }, () => {
  const dir = join(SHARED, 'lists');
  const files = [...readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => join(dir, f)), ...readdirSync(join(dir, 'subpages')).map((f) => join(dir, 'subpages', f))];
  for (const file of files) {
    const catalog = join(tempDir(), 'catalog');
    const r = importList({ catalog, file, today: '2026-01-01' });
    assert.ok(r.recognized > 10, `${file}: ${r.recognized}`);
    const c = check({ catalog, outputs: false });
    assert.equal(c.problems.filter((p) => p.code === 'E_SCHEMA' || p.code === 'E_YAML_SYNTAX').length, 0, file);
  }
});
