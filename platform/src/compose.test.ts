import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { composeSupergraph, compositionFiles, REPO_ROOT } from './compose';

test('the committed supergraph and printed schemas match the code (run `npm run compose` if not)', async () => {
  const files = compositionFiles(await composeSupergraph());
  for (const [path, expected] of files) {
    assert.equal(readFileSync(path, 'utf8'), expected, `${relative(REPO_ROOT, path)} is stale: run \`npm run compose\``);
  }
});
