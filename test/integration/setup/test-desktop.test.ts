// `npm run test:desktop` (scripts/test-desktop.mjs) runs the extension-host suite in desktop VS Code through
// @vscode/test-electron. Where it cannot have a VS Code it must stop at once with one line saying what it
// needs, not hang on a download or fail deep inside test-electron.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');

test('a named VS Code that does not exist: exit 1 with one line naming it', async () => {
  const result = await run(process.execPath, ['scripts/test-desktop.mjs', '--vscode', '/nonexistent/code'], { cwd: repo, encoding: 'utf8' }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? -1, stderr: error.stderr ?? '' }),
  );
  assert.equal(result.code, 1);
  assert.deepEqual(result.stderr.trim().split('\n'), ['test:desktop: no VS Code at /nonexistent/code (from --vscode or PONDER_VSCODE_EXECUTABLE).']);
});
