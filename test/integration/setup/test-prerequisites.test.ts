// The test command's own set-up (scripts/test-prerequisites.ts), run as a child process the way `npm test`
// runs it. What is installed is only looked at; where something is missing and this user may not install it,
// the script stops with one message naming the exact command, and never reports success.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const script = join(repo, 'scripts', 'test-prerequisites.ts');
const tsx = join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs');

async function prerequisites(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [tsx, script, ...args], { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stderr: failed.stderr ?? '' };
  }
}

describe('the test command provisions what the tests need', () => {
  let bin: string;
  before(() => {
    // A PATH with node and the package tools but no ripgrep and no sudo: a machine missing a package, whose
    // user may not install it.
    bin = mkdtempSync(join(tmpdir(), 'ponder-path-'));
    for (const tool of ['dpkg-query', 'apt-get']) symlinkSync(join('/usr/bin', tool), join(bin, tool));
    symlinkSync(process.execPath, join(bin, 'node'));
    chmodSync(bin, 0o755); // the unprivileged user must be able to look in it
  });
  after(() => rmSync(bin, { recursive: true, force: true }));

  test('with everything in place it installs nothing and succeeds quietly', async () => {
    const result = await prerequisites([], process.env);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /installing|provisioning/);
  });

  test('a PONDER_CHROMIUM that points nowhere stops the run with what to do', async () => {
    const result = await prerequisites(['--for', 'browser'], { ...process.env, PONDER_CHROMIUM: '/nonexistent/chromium' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PONDER_CHROMIUM is \/nonexistent\/chromium, which does not exist/);
  });

  test('a missing package this user may not install: one message naming the exact apt-get command, exit 1', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root to run the check as another user');
    // A checkout under a private folder (mktemp -d is mode 700) cannot be read by another user at all.
    const readable = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(tsx)}); require('fs').accessSync(${JSON.stringify(script)})`]);
    if (readable.status !== 0) return t.skip('this checkout is not readable by an unprivileged user');
    const result = await run('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, tsx, script, '--for', 'e2e'], {
      cwd: repo,
      env: { PATH: bin, HOME: tmpdir(), TSX_DISABLE_CACHE: '1' },
      encoding: 'utf8',
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code ?? -1, stderr: error.stderr ?? '' }),
    );
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.match(lines[0] ?? '', /^\[test setup\] the tests need Debian packages that are missing: .*\bripgrep\b/);
    assert.match(lines[1] ?? '', /^ {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends .*\bripgrep\b/);
    assert.equal(lines.length, 2);
  });

  test('on a system without apt-get it names what to install instead of trying', async () => {
    const noApt = mkdtempSync(join(tmpdir(), 'ponder-path-'));
    try {
      symlinkSync(process.execPath, join(noApt, 'node'));
      const result = await prerequisites(['--for', 'e2e'], { PATH: noApt, HOME: process.env.HOME ?? tmpdir() });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /not a Debian or Ubuntu system with apt-get: install Chromium, ripgrep/);
    } finally {
      rmSync(noApt, { recursive: true, force: true });
    }
  });
});
