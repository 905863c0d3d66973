// A minimal, safe tree view used when the full webview bundle (dist/webview.js) is not built: it lists the
// nodes with their scores. Its script is static code under a nonce (no data pasted into the page); the data
// arrives by postMessage and is written with textContent only, so model output can never become markup.

const SCRIPT = String.raw`
(function () {
  const api = acquireVsCodeApi();
  const app = document.getElementById('app');
  let snapshot = null;
  let index = new Map();
  let scheduled = false;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function button(label, message) {
    const b = el('button', label);
    b.addEventListener('click', function () { if (snapshot) api.postMessage(Object.assign({ runId: snapshot.runId }, message)); });
    return b;
  }
  function apply(delta) {
    if (delta.type === 'nodeAdded') { if (!index.has(delta.node.id)) { index.set(delta.node.id, delta.node); snapshot.nodes.push(delta.node); } }
    else if (delta.type === 'textAppended') { const n = index.get(delta.id); if (n) n.text += delta.text; }
    else if (delta.type === 'nodeUpdated') { const n = index.get(delta.id); if (n) Object.assign(n, delta.patch); }
    else if (delta.type === 'answersChanged') { snapshot.answers = delta.answers; if (delta.chosenAnswer !== undefined) snapshot.chosenAnswer = delta.chosenAnswer; if (delta.confidence !== undefined) snapshot.confidence = delta.confidence; }
    else if (delta.type === 'decision') { snapshot.decisions.push(delta.decision); }
    else if (delta.type === 'usage') { snapshot.usage = delta.usage; }
    else if (delta.type === 'finished') { snapshot.finished = true; }
  }
  function render() {
    scheduled = false;
    app.replaceChildren();
    if (!snapshot) { app.append(el('p', 'Waiting for a run…')); return; }
    app.append(el('h1', 'Ponder: reasoning tree'));
    app.append(el('pre', snapshot.problem, 'problem'));
    const answer = snapshot.chosenAnswer === undefined ? (snapshot.finished ? 'no answer' : 'searching…') : snapshot.chosenAnswer;
    const confidence = snapshot.confidence === undefined ? '' : ' (' + Math.round(snapshot.confidence * 100) + '% confident)';
    app.append(el('p', 'Answer: ' + answer + confidence, 'answer'));
    app.append(el('p', snapshot.strategy + ' · ' + snapshot.usage.generatedTokens + ' tokens · ' + snapshot.usage.calls + ' calls' + (snapshot.finished ? '' : ' · running'), 'usage'));
    const bar = el('div', undefined, 'actions');
    if (!snapshot.finished) bar.append(button('Cancel', { type: 'cancel' }));
    bar.append(button('Re-run with 2× budget', { type: 'rerun', budgetFactor: 2 }), button('Copy answer', { type: 'copyAnswer' }),
      button('Insert answer', { type: 'insertAnswer' }), button('Export JSON', { type: 'export', format: 'json' }),
      button('Export Markdown', { type: 'export', format: 'markdown' }));
    app.append(bar);
    const list = el('ul', undefined, 'nodes');
    for (const node of snapshot.nodes) {
      const item = el('li', undefined, 'node ' + node.kind + ' ' + node.status);
      item.style.marginLeft = (Math.min(node.depth, 40) * 12) + 'px';
      item.append(el('span', node.kind + (node.score === undefined ? '' : ' ' + node.score.toFixed(2)), 'meta'), el('span', ' ' + node.text, 'text'));
      list.append(item);
    }
    app.append(list);
  }
  function schedule() { if (!scheduled) { scheduled = true; requestAnimationFrame(render); } }
  window.addEventListener('message', function (event) {
    const message = event.data;
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'snapshot') {
      snapshot = message.snapshot; index = new Map(snapshot.nodes.map(function (n) { return [n.id, n]; }));
      api.setState({ runId: snapshot.runId }); schedule();
    } else if (message.type === 'deltas' && snapshot && message.runId === snapshot.runId) {
      message.deltas.forEach(apply); schedule();
    } else if (message.type === 'error') {
      app.replaceChildren(el('p', message.message, 'error'));
    }
  });
  render();
  api.postMessage({ type: 'ready' });
})();
`;

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 12px; }
.problem { white-space: pre-wrap; background: var(--vscode-textCodeBlock-background); padding: 8px; }
.answer { font-weight: bold; }
.actions button { margin: 0 6px 6px 0; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 8px; }
.nodes { list-style: none; padding: 0; font-family: var(--vscode-editor-font-family); }
.node { white-space: pre-wrap; border-left: 2px solid var(--vscode-panel-border); padding-left: 6px; margin-bottom: 2px; }
.node.pruned, .node.failed { opacity: 0.55; }
.node.chosen { border-left-color: var(--vscode-charts-green); }
.meta { color: var(--vscode-descriptionForeground); }
.error { color: var(--vscode-errorForeground); }
`;

export function renderFallbackHtml(cspSource: string, nonce: string): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    "connect-src 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ponder: reasoning tree</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
