// The published `ponder` command (package.json's bin, bin/ponder.cjs) as a user runs it: `npx ponder`, the bin
// file itself, and a global install, each as a child process, against `node dist/cli.js`. They must print the
// same and exit the same: 0 answered, 1 failed, 2 usage error. No Ollama is reached: OLLAMA_HOST names a port
// with nothing listening, so the default path falls back to the simulated reasoner, as it does offline.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freePort as closedPort } from '../../support/ports';

const run = promisify(execFile);
const repo = resolve(__dirname, '..', '..', '..');
const PROBLEM = 'What is (17*23)+5-9?';

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let env: NodeJS.ProcessEnv;
let globalPrefix: string;

async function outcome(command: string, args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Wall time is the one figure that differs from run to run. */
function steady(text: string): string {
  return text.replace(/ · [\d.]+ s$/gm, ' · <time>');
}

/** Every way to run the published command, each given the CLI's arguments. */
const launchers: ReadonlyArray<readonly [string, (args: readonly string[]) => Promise<Outcome>]> = [
  ['node bin/ponder.cjs', (args) => outcome(process.execPath, ['bin/ponder.cjs', ...args])],
  ['npx ponder', (args) => outcome('npx', ['--no-install', 'ponder', ...args])],
  ['a global install', (args) => outcome(join(globalPrefix, 'bin', 'ponder'), args)],
];

describe('the published ponder command', () => {
  before(async () => {
    env = { ...process.env, OLLAMA_HOST: `http://127.0.0.1:${await closedPort()}`, NO_COLOR: '1' };
    delete env.npm_config_prefix;
    globalPrefix = mkdtempSync(join(tmpdir(), 'ponder-global-'));
    // A global install from the checkout, as `npm install -g .` makes it (a link to this folder).
    await run('npm', ['install', '--global', '--prefix', globalPrefix, '--no-audit', '--no-fund', '--offline', repo], { cwd: repo, env });
    // The reference: the bundle run directly (bin/ponder.cjs builds it first in a checkout).
    await outcome(process.execPath, ['scripts/build.mjs', '--quiet']);
  });
  after(() => rmSync(globalPrefix, { recursive: true, force: true }));

  test('answers 387 offline, exactly as node dist/cli.js does, and exits 0', async () => {
    const reference = await outcome(process.execPath, ['dist/cli.js', 'solve', PROBLEM]);
    assert.equal(reference.code, 0, reference.stderr);
    assert.match(reference.stdout, /^Answer: 387$/m);
    assert.match(reference.stderr, /^No Ollama answered at http:\/\/127\.0\.0\.1:\d+/m);
    for (const [name, launch] of launchers) {
      const result = await launch(['solve', PROBLEM]);
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      assert.equal(steady(result.stdout), steady(reference.stdout), name);
    }
  });

  test('an unknown option is a usage error: exit 2 and the usage message, exactly as node dist/cli.js', async () => {
    const reference = await outcome(process.execPath, ['dist/cli.js', 'solve', '--bogus']);
    assert.equal(reference.code, 2);
    assert.match(reference.stderr, /^ponder: Unknown option '--bogus'/m);
    assert.match(reference.stderr, /Run `ponder solve --help` for the options\./);
    assert.equal(reference.stdout, '');
    for (const [name, launch] of launchers) {
      const result = await launch(['solve', '--bogus']);
      assert.equal(result.code, 2, name);
      assert.equal(result.stderr, reference.stderr, name);
      assert.equal(result.stdout, '', name);
    }
  });

  test('a failed solve exits 1 through every launcher: an explicit host where nothing listens', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    for (const [name, launch] of launchers) {
      const result = await launch(['solve', '--host', host, PROBLEM]);
      assert.equal(result.code, 1, `${name}: ${result.stderr}`);
      assert.ok(result.stderr.includes(host.replace('http://', '')), `${name} names the address: ${result.stderr}`);
      assert.equal(result.stdout, '', name);
    }
  });

  test('--version and help work through the bin', async () => {
    const version = await outcome(process.execPath, ['bin/ponder.cjs', '--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const help = await outcome(process.execPath, ['bin/ponder.cjs']);
    assert.equal(help.code, 2);
    assert.match(help.stdout, /^Usage:/m);
  });
});
