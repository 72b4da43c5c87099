import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUuid } from '@orquesta/context';
import { uuidv7 } from './ids';

test('ids are valid version-7 UUIDs that sort in creation order, even within one millisecond', () => {
  const ids = Array.from({ length: 5000 }, () => uuidv7(1_732_300_000_000));
  for (const id of ids) {
    assert.ok(isUuid(id), id);
    assert.equal(id[14], '7');
  }
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});
