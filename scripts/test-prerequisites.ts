// What the tests need beyond npm packages, provisioned by the test command itself so that `npm ci && npm test`
// passes on a fresh Debian or Ubuntu machine: Debian's Chromium (the tree view's browser tests and the UI
// test), ripgrep (VS Code's search in code-server) and code-server for the end-to-end tests, whose offline
// install builds native modules (a compiler, python3 for node-gyp, Kerberos headers).
//
//   tsx scripts/test-prerequisites.ts              # everything `npm test` needs
//   tsx scripts/test-prerequisites.ts --for browser   # only what the node:test files need (Chromium)
//   tsx scripts/test-prerequisites.ts --for e2e       # only what the end-to-end tests need
//
// What is there is only looked at (a few file checks): a contributor who has everything pays nothing. What is
// missing is installed once, with one line per step, where this user may (root, or `sudo -n`); where not, the
// script stops with one message naming the exact command to run. It never skips and reports success.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CODE_SERVER_VERSION, codeServerDir } from '../test/e2e/harness/code-server';
import { CHROMIUM_PATH, DEFAULT_CHROMIUM_PATH } from '../test/support/chromium';

const repo = resolve(__dirname, '..');
const PREFIX = '[test setup]';
/** code-server's offline install builds argon2 and node-pty, and its search runs ripgrep. */
const BUILD_PACKAGES = ['build-essential', 'python3', 'libkrb5-dev'];

type Scope = 'browser' | 'e2e' | 'all';

interface Needs {
  /** Debian packages to install. */
  readonly packages: string[];
  /** Problems no package fixes (a PONDER_CHROMIUM that points nowhere). */
  readonly problems: string[];
  readonly codeServer: boolean;
}

function say(line: string): void {
  process.stderr.write(`${PREFIX} ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${PREFIX} ${message}\n`);
  process.exit(1);
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));
}

function codeServerProvisioned(): boolean {
  const dir = codeServerDir();
  return existsSync(join(dir, '.provisioned')) && existsSync(join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'));
}

/** Debian packages among `names` that dpkg does not list as installed. */
function uninstalledPackages(names: readonly string[]): string[] {
  if (names.length === 0 || !onPath('dpkg-query')) return [...names];
  return names.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return status.status !== 0 || !status.stdout.includes('install ok installed');
  });
}

function needs(scope: Scope): Needs {
  const packages: string[] = [];
  const problems: string[] = [];
  let codeServer = false;
  if (!existsSync(CHROMIUM_PATH)) {
    if (CHROMIUM_PATH === DEFAULT_CHROMIUM_PATH) packages.push('chromium');
    else problems.push(`PONDER_CHROMIUM is ${CHROMIUM_PATH}, which does not exist: point it at a Chromium or Chrome binary, or unset it to use Debian's chromium.`);
  }
  if (scope !== 'browser') {
    if (!onPath('rg')) packages.push('ripgrep');
    if (!codeServerProvisioned()) {
      codeServer = true;
      // Only a build needs these; a provisioned code-server does not.
      packages.push(...uninstalledPackages(BUILD_PACKAGES));
    }
  }
  return { packages, problems, codeServer };
}

function osRelease(): { id: string; like: string } {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (name: string): string => new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1]?.toLowerCase() ?? '';
    return { id: field('ID'), like: field('ID_LIKE') };
  } catch {
    return { id: '', like: '' };
  }
}

function isDebianLike(): boolean {
  const { id, like } = osRelease();
  return (['debian', 'ubuntu'].includes(id) || /\b(debian|ubuntu)\b/.test(like)) && onPath('apt-get');
}

/** How this user may run apt-get: directly as root, through passwordless sudo, or not at all. */
function aptRunner(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

/** Runs one step with its output in a log file; on failure, stops with the log's last lines and `remedy`. */
function runLogged(step: string, argv: readonly string[], remedy: string, env: NodeJS.ProcessEnv = process.env): void {
  const [command = '', ...args] = argv;
  const logDir = mkdtempSync(join(tmpdir(), 'ponder-test-setup-'));
  const logPath = join(logDir, `${step.replace(/\W+/g, '-')}.log`);
  const log = openSync(logPath, 'w');
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repo, env, stdio: ['ignore', log, log] });
  closeSync(log);
  if (result.status !== 0) {
    const tail = readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    fail(`${step} failed (${result.error?.message ?? `exit ${String(result.status)}`}); its output is in ${logPath}:\n${tail}\n${remedy}`);
  }
  say(`${step}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

function installPackages(packages: readonly string[]): void {
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!isDebianLike()) {
    fail(
      `the tests need ${packages.join(', ')} (Debian's names), and this is not a Debian or Ubuntu system with apt-get: ` +
        'install Chromium, ripgrep, a C/C++ toolchain, python3 and the Kerberos development headers with your package manager ' +
        '(set PONDER_CHROMIUM if Chromium is not at /usr/bin/chromium), then run the tests again.',
    );
  }
  const runner = aptRunner();
  if (!runner) fail(`the tests need Debian packages that are missing: ${packages.join(' ')}. Install them, then run the tests again:\n  sudo apt-get update && sudo ${command}`);
  const sudo = runner.length > 0 ? 'sudo ' : '';
  const remedy = `Install them by hand, then run the tests again:\n  ${sudo}apt-get update && ${sudo}${command}`;
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt (an unattended upgrade, a parallel job) may hold dpkg's lock for a while: wait for it.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  say(`installing Debian packages: ${packages.join(' ')} (apt-get, once)`);
  runLogged('apt-get update', [...runner, 'apt-get', ...lock, 'update', '-q'], remedy, aptEnv);
  runLogged(`apt-get install ${packages.join(' ')}`, [...runner, 'apt-get', ...lock, 'install', '-y', '-q', '--no-install-recommends', ...packages], remedy, aptEnv);
}

function provisionCodeServer(): void {
  say(`provisioning code-server ${CODE_SERVER_VERSION} for the end-to-end tests into ${codeServerDir()} (once; a few minutes)`);
  runLogged(
    `code-server ${CODE_SERVER_VERSION}`,
    ['bash', join(repo, 'scripts', 'e2e', 'provision-code-server.sh')],
    `Run it by hand to see every step: bash scripts/e2e/provision-code-server.sh`,
  );
}

function main(): void {
  const { values } = parseArgs({ options: { for: { type: 'string', default: 'all' } } });
  const scope = values.for;
  if (scope !== 'browser' && scope !== 'e2e' && scope !== 'all') fail(`--for takes browser, e2e or all, not "${scope}"`);
  const started = Date.now();
  const missing = needs(scope);
  if (missing.problems.length > 0) fail(missing.problems.join('\n'));
  if (missing.packages.length === 0 && !missing.codeServer) return;
  if (missing.packages.length > 0) installPackages(missing.packages);
  if (!existsSync(CHROMIUM_PATH)) fail(`Chromium is still missing at ${CHROMIUM_PATH} after the install; set PONDER_CHROMIUM to a Chromium or Chrome binary.`);
  if (missing.codeServer) provisionCodeServer();
  say(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
}

main();
