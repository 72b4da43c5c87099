import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { closeTestPools, testSystemPool } from '@orquesta/testing';
import { REPO_ROOT } from './compose';

// Each module owns its PostgreSQL schema and is reached only through its package's public
// index (see the root README, "Architecture"). This test reads the source and fails on:
//  - SQL naming another module's table (`<schema>.<table>`, for the schemas below) outside
//    the package that owns it;
//  - an import of another package's internals (`@orquesta/x/…`, or a relative path out of the
//    package), an import of a package not declared in package.json, a shared library that
//    depends on a service, or any cycle between packages.
// Tests and test harnesses are exempt from the SQL rule: they check what was written from outside.

// Functions in these schemas are their owners' published SQL interface (e.g. accounts' audit
// trigger, the outbox's events.by_public_id); tables, views and sequences are private.
const OWNERS: Record<string, string> = {
  accounts: 'subgraphs/accounts',
  payments: 'subgraphs/payments',
  agents: 'subgraphs/agents',
  streams: 'subgraphs/streams',
  treasury: 'subgraphs/treasury',
  ledger: 'shared/ledger',
  events: 'shared/events',
};

// Deliberate crossings, each with its reason. Keep this list short (empty is best).
const ALLOWED: ReadonlyArray<{ readonly file: string; readonly relation: string; readonly why: string }> = [];

const PACKAGE_ROOTS = ['shared', 'subgraphs'].flatMap((group) => readdirSync(join(REPO_ROOT, group)).map((name) => `${group}/${name}`)).concat(['gateway', 'platform']);

interface Package {
  readonly dir: string;
  readonly name: string;
  readonly dependencies: readonly string[];
}

function loadPackages(): Package[] {
  return PACKAGE_ROOTS.filter((dir) => existsSync(join(REPO_ROOT, dir, 'package.json'))).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
    return { dir, name: manifest.name, dependencies: Object.keys(manifest.dependencies ?? {}).filter((dependency) => dependency.startsWith('@orquesta/')) };
  });
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      if (entry === 'node_modules' || entry === 'dist') continue;
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(join(REPO_ROOT, dir, 'src'));
  return found;
}

function isTestCode(file: string): boolean {
  const path = relative(REPO_ROOT, file).split(sep).join('/');
  return path.endsWith('.test.ts') || path.startsWith('shared/testing/') || path.startsWith('platform/src/testing/') || path.startsWith('platform/src/e2e/');
}

/** The code without comments, line by line (good enough for our style: `//` and JSDoc lines). */
function codeLines(text: string): Array<{ line: number; code: string }> {
  return text
    .split('\n')
    .map((code, index) => ({ line: index + 1, code }))
    .filter(({ code }) => !/^\s*(\/\/|\/\*|\*)/.test(code));
}

const packages = loadPackages();
const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));

after(async () => {
  await closeTestPools();
});

describe('module boundaries', () => {
  test("no module's code names another module's tables", async () => {
    const { rows } = await testSystemPool().query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'v', 'm', 'p', 'S')
`,
      [Object.keys(OWNERS)],
    );
    assert.ok(rows.length > 20, 'the test database is migrated');
    const relations = new Set(rows.map((row) => `${row.schema}.${row.name}`));
    const pattern = new RegExp(`\\b(${Object.keys(OWNERS).join('|')})\\.([a-z_][a-z0-9_]*)\\b`, 'g');
    const crossings: string[] = [];
    for (const pkg of packages) {
      for (const file of sourceFiles(pkg.dir)) {
        if (isTestCode(file)) continue;
        const path = relative(REPO_ROOT, file).split(sep).join('/');
        for (const { line, code } of codeLines(readFileSync(file, 'utf8'))) {
          for (const match of code.matchAll(pattern)) {
            const relation = `${match[1]}.${match[2]}`;
            if (!relations.has(relation) || pkg.dir === OWNERS[match[1]]) continue;
            if (ALLOWED.some((allowed) => allowed.file === path && allowed.relation === relation)) continue;
            crossings.push(`${path}:${line} names ${relation} (owned by ${OWNERS[match[1]]})`);
          }
        }
      }
    }
    assert.deepEqual(crossings, [], `call the owner's exported functions instead:\n${crossings.join('\n')}`);
  });

  test("packages import each other only through their public index, and only what they declare", () => {
    const problems: string[] = [];
    for (const pkg of packages) {
      const root = resolve(REPO_ROOT, pkg.dir);
      for (const file of sourceFiles(pkg.dir)) {
        const path = relative(REPO_ROOT, file).split(sep).join('/');
        for (const { line, code } of codeLines(readFileSync(file, 'utf8'))) {
          for (const match of code.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)/g)) {
            const specifier = match[1] ?? match[2] ?? match[3];
            if (specifier.startsWith('.')) {
              const target = resolve(dirname(file), specifier);
              if (!target.startsWith(root + sep)) problems.push(`${path}:${line} reaches out of its package: ${specifier}`);
              continue;
            }
            const scoped = /^(@orquesta\/[^/]+)(\/.*)?$/.exec(specifier);
            if (!scoped) continue;
            if (scoped[2]) problems.push(`${path}:${line} imports another package's internals: ${specifier}`);
            // Tests may use the test harness packages without declaring them at runtime.
            if (scoped[1] !== pkg.name && !pkg.dependencies.includes(scoped[1]) && !isTestCode(file)) {
              problems.push(`${path}:${line} imports ${scoped[1]}, which ${pkg.dir}/package.json does not declare`);
            }
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test('shared libraries depend on no service, and no packages depend on each other in a cycle', () => {
    const services = new Set(packages.filter((pkg) => !pkg.dir.startsWith('shared/')).map((pkg) => pkg.name));
    for (const pkg of packages.filter((candidate) => candidate.dir.startsWith('shared/'))) {
      assert.deepEqual(pkg.dependencies.filter((dependency) => services.has(dependency)), [], `${pkg.name} is a library`);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]) => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(name)), name].join(' → '));
        return;
      }
      state.set(name, 'visiting');
      for (const dependency of byName.get(name)?.dependencies ?? []) visit(dependency, [...path, name]);
      state.set(name, 'done');
    };
    for (const pkg of packages) visit(pkg.name, []);
    assert.deepEqual(cycles, []);
  });

  test('payments may depend on treasury, never the reverse; agents on accounts, never the reverse', () => {
    const dependsOn = (from: string, to: string) => byName.get(from)!.dependencies.includes(to);
    assert.equal(dependsOn('@orquesta/treasury', '@orquesta/payments'), false);
    assert.equal(dependsOn('@orquesta/accounts', '@orquesta/agents'), false);
    assert.equal(dependsOn('@orquesta/accounts', '@orquesta/payments'), false);
  });
});
