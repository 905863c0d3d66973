// The run's actions: cancel, solve again with twice the budget (or Retry, when a failure ended the run), copy
// or insert the answer, export. Exports are built here (JSON snapshot, Markdown report) and handed to the host
// to save.
import type { TreeSnapshot } from '../protocol/tree';
import type { WebviewToHost } from '../protocol/webview';
import { button, el } from './dom';
import { buildMarkdownExport } from '../shared/export-markdown';

export class Controls {
  readonly element = el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Run actions' });
  private snapshot: TreeSnapshot | undefined;
  private readonly cancel: HTMLButtonElement;
  private readonly retry: HTMLButtonElement;
  private readonly again: HTMLButtonElement;
  private readonly answerButtons: HTMLButtonElement[];

  constructor(post: (message: WebviewToHost) => void, fit: () => void, toggleView: () => void) {
    const withRun = (make: (runId: string, snapshot: TreeSnapshot) => WebviewToHost) => () => {
      if (this.snapshot) post(make(this.snapshot.runId, this.snapshot));
    };
    this.cancel = button('Cancel', 'debug-stop', withRun((runId) => ({ type: 'cancel', runId })), 'Cancel the search');
    const copy = button('Copy answer', 'copy', withRun((runId) => ({ type: 'copyAnswer', runId })));
    const insert = button('Insert answer', 'insert', withRun((runId) => ({ type: 'insertAnswer', runId })), 'Insert the answer into the editor');
    this.answerButtons = [copy, insert];
    this.retry = button('Retry', 'debug-restart', withRun((runId) => ({ type: 'rerun', runId, budgetFactor: 1 })), 'Solve this problem again with the same budget');
    this.retry.classList.add('retry');
    this.again = button('Solve again ×2', 'refresh', withRun((runId) => ({ type: 'rerun', runId, budgetFactor: 2 })), 'Solve again with twice the budget');
    this.element.append(
      this.cancel,
      this.retry,
      this.again,
      copy,
      insert,
      button('Export JSON', 'json', withRun((runId, snapshot) => ({ type: 'export', runId, format: 'json', content: JSON.stringify(snapshot, null, 2) })), 'Export the tree snapshot as JSON'),
      button('Export Markdown', 'markdown', withRun((runId, snapshot) => ({ type: 'export', runId, format: 'markdown', content: buildMarkdownExport(snapshot) })), 'Export a Markdown report'),
      button('Fit', 'screen-full', fit, 'Fit the tree to the view'),
      button('Switch view', 'list-tree', toggleView, 'Switch between the diagram and the outline'),
    );
  }

  update(snapshot: TreeSnapshot): void {
    this.snapshot = snapshot;
    this.cancel.disabled = snapshot.finished;
    // After a failure more budget would not help: Retry takes the place of "Solve again ×2".
    const failed = snapshot.error !== undefined;
    this.retry.hidden = !failed;
    this.again.hidden = failed;
    for (const answerButton of this.answerButtons) answerButton.disabled = snapshot.chosenAnswer === undefined;
  }
}
