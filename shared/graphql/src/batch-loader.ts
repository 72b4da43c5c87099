import DataLoader from 'dataloader';
import { toConnection, type Connection, type PageRequest } from './connection';

// Bounded batches: a page is at most 100 items, so this only bites on pathological queries.
const MAX_BATCH_SIZE = 500;

/**
 * A per-request DataLoader that loads many keys with one statement and groups the rows back
 * by key (an empty list for a key with no rows).
 */
export function createBatchLoader<K extends string, V>(
  loadMany: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const rows = await loadMany(keys);
      const grouped = new Map<K, V[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = grouped.get(key);
        if (list) list.push(row);
        else grouped.set(key, [row]);
      }
      return keys.map((key) => grouped.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

export interface ChildPageKey {
  readonly parentId: string;
  readonly page: PageRequest;
}

/**
 * A per-request DataLoader for `parent.children(first, after)`: keys asking for the same page
 * shape are loaded together with one statement (`loadPages`), whatever the number of parents.
 */
export function createChildPageLoader<Row extends { id: string; parent_id: string }, Node extends { id: string }>(
  loadPages: (parentIds: readonly string[], page: PageRequest) => Promise<Row[]>,
  toNode: (row: Row) => Node,
): DataLoader<ChildPageKey, Connection<Node>, string> {
  return new DataLoader<ChildPageKey, Connection<Node>, string>(
    async (keys) => {
      const byShape = new Map<string, { page: PageRequest; parentIds: string[] }>();
      for (const key of keys) {
        const shape = `${key.page.limit}:${key.page.afterId ?? ''}`;
        const group = byShape.get(shape) ?? { page: key.page, parentIds: [] };
        group.parentIds.push(key.parentId);
        byShape.set(shape, group);
      }
      const pages = new Map<string, Connection<Node>>();
      for (const [shape, group] of byShape) {
        const rows = await loadPages(group.parentIds, group.page);
        for (const parentId of group.parentIds) {
          const mine = rows.filter((row) => row.parent_id === parentId).map(toNode);
          pages.set(`${shape}|${parentId}`, toConnection(mine, group.page));
        }
      }
      return keys.map((key) => pages.get(`${key.page.limit}:${key.page.afterId ?? ''}|${key.parentId}`)!);
    },
    { maxBatchSize: MAX_BATCH_SIZE, cacheKeyFn: (key) => `${key.page.limit}:${key.page.afterId ?? ''}|${key.parentId}` },
  );
}
