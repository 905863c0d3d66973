// Serves the webview bundle (built by `buildWebview`) in a plain page on 127.0.0.1 with the production CSP
// and the fake host (the bundle falls back to it when `acquireVsCodeApi` is absent). Used by the browser
// tests and the benchmark.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { renderWebviewHtml } from '../../src/shared/page-html';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface WebviewPage {
  url: string;
  origin: string;
  nonce: string;
  /** Requests the server saw, so tests can prove the page asked for nothing else. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * `bundleDir`: the folder `buildWebview` returned, served as /dist/ (the path the extension uses).
 * `probe`: an inline script without the nonce is added to the page; the CSP must block it (it would set
 * `window.inlineScriptRan`).
 */
export async function serveWebviewPage(options: { bundleDir: string; bodyClass?: string; probe?: boolean }): Promise<WebviewPage> {
  const bundleDir = resolve(options.bundleDir);
  const requests: string[] = [];
  const nonce = randomBytes(18).toString('base64');
  let origin = '';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    void (async () => {
      if (path === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      if (path === '/') {
        let html = renderWebviewHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUris: [`${origin}/dist/webview.css`] });
        html = html.replace('<body>', `<body class="${options.bodyClass ?? 'vscode-light'}">`);
        if (options.probe) html = html.replace('</body>', '<script>window.inlineScriptRan = true;</script></body>');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(html);
        return;
      }
      const file = normalize(join(bundleDir, path.replace(/^\/dist\//, '')));
      if (!path.startsWith('/dist/') || !file.startsWith(bundleDir + sep)) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    nonce,
    requests,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
