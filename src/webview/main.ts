// Entry of the webview bundle (dist/webview.js; its styles go to dist/webview.css with the fonts under
// dist/webview-assets/).
import 'katex/dist/katex.min.css';
import '@vscode/codicons/dist/codicon.css';
import '../../media/webview.css';
import { App } from './app';
import { connectHost } from './host';

const root = document.getElementById('app');
if (root) new App(root, connectHost());
