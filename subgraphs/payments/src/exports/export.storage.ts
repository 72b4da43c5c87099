import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';

/** Where finished export files live: PostgreSQL large objects (default) or a local directory. */
export type ExportStorageKind = 'postgres' | 'file';

export interface StoredFile {
  readonly storage: ExportStorageKind;
  readonly largeObject: number | null;
  readonly fileName: string | null;
}

/** Takes a file chunk by chunk; nothing holds the whole file. */
export interface ExportWriter {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<StoredFile>;
  abort(): Promise<void>;
}

export interface ExportStorage {
  readonly kind: ExportStorageKind;
  create(exportId: string): Promise<ExportWriter>;
  /** Chunks of a stored file, in order. */
  read(file: StoredFile): AsyncIterable<Buffer>;
  remove(file: StoredFile): Promise<void>;
}

const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Large objects: the file lives with the data it came from, every process that reaches the
 * database reaches it (distributed mode needs no shared disk), and a backup carries it. Written
 * with lo_put at increasing offsets, read back with lo_get, both in chunks.
 */
export function largeObjectStorage(pool: Pool): ExportStorage {
  return {
    kind: 'postgres',
    async create() {
      const { rows } = await pool.query<{ oid: number }>('SELECT lo_create(0) AS oid');
      const oid = Number(rows[0].oid);
      let offset = 0;
      return {
        async write(chunk) {
          await pool.query('SELECT lo_put($1, $2, $3)', [oid, offset, chunk]);
          offset += chunk.length;
        },
        async finish() {
          return { storage: 'postgres', largeObject: oid, fileName: null };
        },
        async abort() {
          await pool.query('SELECT lo_unlink($1)', [oid]).catch(() => undefined);
        },
      };
    },
    async *read(file) {
      if (file.largeObject === null) return;
      // One client for the whole read: a large object is read consistently within one session.
      const client: PoolClient = await pool.connect();
      try {
        for (let offset = 0; ; offset += READ_CHUNK_BYTES) {
          const { rows } = await client.query<{ chunk: Buffer }>('SELECT lo_get($1, $2, $3) AS chunk', [file.largeObject, offset, READ_CHUNK_BYTES]);
          const chunk = rows[0].chunk;
          if (chunk.length > 0) yield chunk;
          if (chunk.length < READ_CHUNK_BYTES) return;
        }
      } finally {
        client.release();
      }
    },
    async remove(file) {
      if (file.largeObject !== null) await pool.query('SELECT lo_unlink($1)', [file.largeObject]).catch(() => undefined);
    },
  };
}

/** Files under `<dataDir>/exports/`, named by export id (for a single host or a shared volume). */
export function fileStorage(dataDir: string): ExportStorage {
  const directory = join(dataDir, 'exports');
  const pathOf = (fileName: string) => join(directory, fileName);
  return {
    kind: 'file',
    async create(exportId) {
      await mkdir(directory, { recursive: true });
      const fileName = `${exportId}.part`;
      const handle: FileHandle = await open(pathOf(fileName), 'w');
      return {
        async write(chunk) {
          await handle.write(chunk);
        },
        async finish() {
          await handle.close();
          await rename(pathOf(fileName), pathOf(exportId));
          return { storage: 'file', largeObject: null, fileName: exportId };
        },
        async abort() {
          await handle.close().catch(() => undefined);
          await rm(pathOf(fileName), { force: true });
        },
      };
    },
    async *read(file) {
      if (!file.fileName) return;
      yield* createReadStream(pathOf(file.fileName), { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>;
    },
    async remove(file) {
      if (file.fileName) await rm(pathOf(file.fileName), { force: true });
    },
  };
}

export interface ExportStorageConfig {
  readonly kind: ExportStorageKind;
  readonly dataDir: string;
}

/** ORQUESTA_EXPORT_STORAGE (`postgres` | `file`) and ORQUESTA_DATA_DIR (default `./data`). */
export function exportStorageConfig(env: NodeJS.ProcessEnv): ExportStorageConfig {
  const kind = env.ORQUESTA_EXPORT_STORAGE || 'postgres';
  if (kind !== 'postgres' && kind !== 'file') throw new Error(`ORQUESTA_EXPORT_STORAGE must be postgres or file, not "${kind}"`);
  return { kind, dataDir: env.ORQUESTA_DATA_DIR || join(process.cwd(), 'data') };
}

export function createExportStorage(config: ExportStorageConfig, pool: Pool): ExportStorage {
  return config.kind === 'file' ? fileStorage(config.dataDir) : largeObjectStorage(pool);
}

/** The storage that holds a given file, whichever is configured now. */
export function storageFor(file: StoredFile, config: ExportStorageConfig, pool: Pool): ExportStorage {
  return file.storage === 'file' ? fileStorage(config.dataDir) : largeObjectStorage(pool);
}
