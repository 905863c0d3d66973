// Runs every test file under test/ (or the folders/files given) with Node's test runner. Each file runs
// in its own process with test/support/setup.ts loaded first, which fails the file on open handles;
// the runner itself fails a test on an unhandled rejection.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));

/** @param {string} path @returns {string[]} */
function findTests(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const full = join(path, name);
      // test/e2e runs inside VS Code's extension host (mocha), not under node:test.
      if (statSync(full).isDirectory()) return name === 'fixtures' || name === 'e2e' ? [] : findTests(full);
      return name.endsWith('.test.ts') ? [full] : [];
    });
}

const files = (roots.length > 0 ? roots : ['test']).flatMap(findTests);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Files named *.timing.test.ts assert wall-clock limits (a cancelled request closed within 200 ms): they
// run after the others, one at a time, so that no other test file competes with them for the two cores.
const timing = files.filter((file) => file.endsWith('.timing.test.ts'));
const parallel = files.filter((file) => !file.endsWith('.timing.test.ts'));

/** @param {string[]} batch @param {number} concurrency */
function run(batch, concurrency) {
  if (batch.length === 0) return 0;
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--import', './test/support/setup.ts',
      '--test',
      '--test-reporter=spec',
      // Per file. One reliability test waits for real in a five-minute queue (slow-queue.test.ts).
      '--test-timeout=420000',
      `--test-concurrency=${concurrency}`,
      ...passThrough,
      ...batch,
    ],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}

const first = run(parallel, 2);
const second = run(timing, 1);
process.exit(first !== 0 ? first : second);
