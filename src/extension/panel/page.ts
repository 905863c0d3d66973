// The tree view's HTML: the webview bundle's page when dist/webview.js is built, else the minimal fallback.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { renderWebviewHtml } from '../../shared/page-html';
import { renderFallbackHtml } from './fallback-page';

/** Only the bundle's folders: the page can load nothing else from disk. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  // A fresh nonce from the OS's random source for every page.
  const nonce = randomBytes(18).toString('base64');
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js');
  if (!existsSync(script.fsPath)) return renderFallbackHtml(webview.cspSource, nonce);
  const styles = [vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'), vscode.Uri.joinPath(extensionUri, 'media', 'webview.css')]
    .filter((uri) => existsSync(uri.fsPath))
    .map((uri) => webview.asWebviewUri(uri).toString());
  return renderWebviewHtml({ cspSource: webview.cspSource, nonce, scriptUri: webview.asWebviewUri(script).toString(), styleUris: styles });
}
