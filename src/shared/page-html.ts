// The tree view's HTML page, built by the host (and by the browser tests) from the bundle's URIs. Pure string
// work with no DOM and no vscode, so the extension host and Node tests can import it.

export interface WebviewPageOptions {
  /** The webview's `cspSource` (VS Code's `webview.cspSource`, or the test server's origin). */
  cspSource: string;
  /** A fresh random nonce for this page (base64 or hex; never `Math.random`). */
  nonce: string;
  /** URI of dist/webview.js as the webview can load it. */
  scriptUri: string;
  /** URIs of the style sheets, normally dist/webview.css. */
  styleUris: readonly string[];
  title?: string;
}

/** The Content-Security-Policy of the page: no inline script, no network, resources from the bundle only. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "connect-src 'none'",
  ].join('; ');
}

export function renderWebviewHtml(options: WebviewPageOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(options.nonce)) throw new Error('the nonce must be at least 16 base64 or hex characters');
  const nonce = escapeAttribute(options.nonce);
  const styles = options.styleUris
    .map((uri) => `    <link rel="stylesheet" href="${escapeAttribute(uri)}" nonce="${nonce}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(webviewCsp(options.cspSource, options.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeText(options.title ?? 'Ponder: reasoning tree')}</title>
${styles}
  </head>
  <body>
    <div id="app" class="app"></div>
    <script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
  </body>
</html>
`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
