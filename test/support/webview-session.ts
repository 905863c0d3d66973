// One browser suite's fixture: the webview bundle built, the page served with the production CSP and the
// fake host, Chromium launched — before the suite's tests, and everything closed after them.
import { after, before } from 'node:test';
import type { Browser, ConsoleMessage, Page, Request } from 'playwright-core';
import { buildWebview, launchChromium, pollPage } from './browser';
import type { WebviewPage } from './webview-page';
import { serveWebviewPage } from './webview-page';

export interface WebviewSession {
  /** The folder the bundle was built into, for a second server (the CSP probe). */
  readonly bundleDir: string;
  readonly server: WebviewPage;
  readonly browser: Browser;
  /** A new page on the webview with a theme class, once the page has said `ready` to the fake host. */
  openPage(options?: { theme?: string; viewport?: { width: number; height: number }; beforeReady?: (page: Page) => Promise<void> }): Promise<Page>;
}

/** Registers the suite's before/after hooks; call it inside `describe`, use the session inside tests. */
export function useWebviewSession(): () => WebviewSession {
  let session: WebviewSession | undefined;
  let server: WebviewPage | undefined;
  let browser: Browser | undefined;
  before(async () => {
    const bundleDir = await buildWebview();
    const pageServer = (server = await serveWebviewPage({ bundleDir }));
    const chromium = (browser = await launchChromium());
    session = {
      bundleDir,
      server: pageServer,
      browser: chromium,
      async openPage({ theme = 'vscode-light', viewport = { width: 1280, height: 800 }, beforeReady } = {}) {
        const opened = await chromium.newPage({ viewport });
        // What the page said before `ready`, so a page that never says it explains itself in the failure.
        const heard: string[] = [];
        const onError = (error: Error): void => void heard.push(`page error: ${error.message}`);
        const onConsole = (message: ConsoleMessage): void => {
          if (message.type() === 'error' || message.type() === 'warning') heard.push(`console ${message.type()}: ${message.text()}`);
        };
        const onFailed = (request: Request): void => void heard.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason'})`);
        opened.on('pageerror', onError).on('console', onConsole).on('requestfailed', onFailed);
        await opened.goto(pageServer.url);
        await opened.evaluate(`document.body.className = ${JSON.stringify(theme)}`);
        await beforeReady?.(opened);
        try {
          await pollPage(opened, 'window.ponderFakeHost && window.ponderFakeHost.sent.length > 0');
        } catch (error) {
          const script = await opened.evaluate<string>(`document.scripts.length + ' script(s), webview loaded: ' + Boolean(document.querySelector('#app')?.children.length)`);
          throw new Error(`${(error as Error).message}; the page had ${script}; it said: ${heard.join(' | ') || 'nothing'}`);
        }
        opened.off('pageerror', onError).off('console', onConsole).off('requestfailed', onFailed);
        return opened;
      },
    };
  });
  // Whatever did start is closed, also when a later step failed (Chromium missing): the page server must not
  // keep the test process open and bury the one clear failure under an open-handle report.
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return () => {
    if (!session) throw new Error('the webview session starts in the suite’s before hook');
    return session;
  };
}
