// Runs the mocha suite inside the extension host, the way `extensionTestsPath` does: the workbench is opened
// with an Extension Development Host payload, the remote extension host requires the compiled suite, awaits
// its run() and reports the exit code through codeAutomationExit.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser, workbenchUrl } from './browser';
import type { CodeServer } from './code-server';
import { withTimeout } from './poll';
import type { RunDir } from './run-dir';

export interface HostSuiteResult {
  readonly exitCode: number;
  readonly log: string;
}

export async function runHostSuite(
  server: CodeServer,
  runDir: RunDir,
  extensionPath: string,
  testsIndex: string,
  timeoutMs: number,
): Promise<HostSuiteResult> {
  const context = await launchBrowser(runDir.browserProfile('host-suite'));
  const log = join(runDir.root, 'host-suite.log');
  try {
    const page = await context.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      // The arguments of a console call, format string first (mocha's reporter uses %s and %d).
      const line = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
      appendFileSync(log, `[${String(type)}] ${line}\n`);
      // The suite's output arrives as 'info' (the extension host forwards console.log so); warnings and
      // stack traces stay in the log file, an error's first line is shown.
      if (type === 'info' || type === 'log') process.stdout.write(`  [host] ${line}\n`);
      else if (type === 'error') process.stdout.write(`  [host] error: ${line.split('\n')[0] ?? ''}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      reportExit(typeof code === 'number' ? code : 1);
    });
    await page.goto(
      workbenchUrl(server.url, runDir.workspace, [
        ['extensionDevelopmentPath', extensionPath],
        ['extensionTestsPath', testsIndex],
      ]),
    );
    const exitCode = await withTimeout('the extension-host test suite', exited, timeoutMs);
    return { exitCode, log };
  } finally {
    await context.close();
  }
}
