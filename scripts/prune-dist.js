// Plain JavaScript on purpose: it runs after tsc. Removes compiled files whose source is gone
// (a moved or deleted module), so the test runner never finds a stale test in dist/.
const { existsSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const dist = join(root, 'dist');
const compiled = /\.(m?js)(\.map)?$/;

function prune(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      continue;
    }
    const match = compiled.exec(name);
    if (!match) continue;
    const source = join(root, relative(dist, path)).replace(compiled, match[1] === 'mjs' ? '.mts' : '.ts');
    if (!existsSync(source) && !existsSync(source.replace(/\.ts$/, '.tsx'))) rmSync(path);
  }
}

if (existsSync(dist)) prune(dist);
