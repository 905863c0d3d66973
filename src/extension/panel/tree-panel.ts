// The host side of the "ponder.tree" panel: one panel that shows one run at a time. It sends the run's
// snapshot once the page says it is ready (again after every reload of the page), then forwards deltas;
// it handles the page's messages after checking them with the protocol's guard; and it restores itself
// after a window reload from the page's state, which holds only the run id (the data is fetched again).
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../protocol/tree';
import type { HostToWebview, WebviewToHost } from '../../protocol/webview';
import { isWebviewToHost } from '../../protocol/webview';
import type { Ctx } from '../ctx';
import { describeError } from '../log';
import { getRunRequest } from '../lsp-ext';
import { localResourceRoots, pageHtml } from './page';

export const TREE_VIEW_TYPE = 'ponder.tree';
const LAST_RUN_KEY = 'ponder.tree.lastRunId';

/** What the panel's buttons do; given by the commands so the panel does not depend on them. */
export interface TreePanelActions {
  rerun(runId: string, budgetFactor: number): Promise<unknown>;
  insertAnswer(runId: string, answer: string | null | undefined): Promise<unknown>;
  exportRun(snapshot: TreeSnapshot, format: 'json' | 'markdown'): Promise<unknown>;
}

export class TreePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private runId: string | undefined;
  /** True once the page has said `ready` and received the current run's snapshot. */
  private live = false;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly ctx: Ctx,
    private readonly actions: TreePanelActions,
  ) {
    this.disposables = [
      ctx.runs.onDidChange((record) => {
        // A new run opens (or takes over) the panel; the end of the shown run refreshes nothing: deltas did.
        if (record.result === undefined && record.mirror) this.show(record.runId, true);
      }),
      ctx.runs.onDidReceiveDeltas(({ record, deltas }) => {
        if (this.live && record.runId === this.runId) void this.post({ type: 'deltas', runId: record.runId, deltas });
      }),
      vscode.window.registerWebviewPanelSerializer(TREE_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => {
          this.restore(panel, state);
          return Promise.resolve();
        },
      }),
    ];
  }

  get visibleRunId(): string | undefined {
    return this.panel ? this.runId : undefined;
  }

  /** Shows `runId` in the panel, creating the panel if needed. */
  show(runId: string, preserveFocus = false): void {
    const switching = runId !== this.runId;
    this.runId = runId;
    void this.ctx.extension.workspaceState.update(LAST_RUN_KEY, runId);
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        TREE_VIEW_TYPE,
        'Ponder: Reasoning Tree',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
        { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: localResourceRoots(this.ctx.extension.extensionUri) },
      );
      this.attach(panel);
      return;
    }
    this.panel.reveal(undefined, preserveFocus);
    if (switching && this.live) void this.sendSnapshot();
  }

  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = typeof state === 'object' && state !== null ? (state as { runId?: unknown }).runId : undefined;
    this.runId = typeof saved === 'string' ? saved : this.ctx.extension.workspaceState.get<string>(LAST_RUN_KEY);
    this.panel?.dispose();
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.live = false;
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(this.ctx.extension.extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'media', 'icon.png');
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidChangeViewState(() => {
        // Without retained context a hidden page is destroyed; it says `ready` again when shown.
        if (!panel.visible) this.live = false;
      }),
      panel.onDidDispose(() => {
        for (const disposable of this.panelDisposables) disposable.dispose();
        this.panelDisposables = [];
        if (this.panel === panel) this.panel = undefined;
        this.live = false;
      }),
    );
    panel.webview.html = pageHtml(panel.webview, this.ctx.extension.extensionUri);
  }

  private async receive(raw: unknown): Promise<void> {
    if (!isWebviewToHost(raw)) {
      this.ctx.log.warn(`ignored a malformed message from the tree view: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      await this.handle(raw);
    } catch (error) {
      this.ctx.log.error(`tree view action "${raw.type}" failed`, error);
      void vscode.window.showErrorMessage(`Ponder: ${describeError(error)}`);
    }
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.sendSnapshot();
        return;
      case 'cancel':
        if (!this.ctx.operations.cancelRun(message.runId)) void vscode.window.showInformationMessage('Ponder: this run has already finished.');
        return;
      case 'rerun':
        await this.actions.rerun(message.runId, message.budgetFactor);
        return;
      case 'copyAnswer': {
        const answer = (await this.snapshotOf(message.runId))?.chosenAnswer ?? this.ctx.runs.get(message.runId)?.result?.answer;
        if (answer === undefined || answer === null) {
          void vscode.window.showInformationMessage('Ponder: this run has no answer yet.');
          return;
        }
        await vscode.env.clipboard.writeText(answer);
        void vscode.window.setStatusBarMessage('Ponder: answer copied', 3000);
        return;
      }
      case 'insertAnswer':
        await this.actions.insertAnswer(message.runId, (await this.snapshotOf(message.runId))?.chosenAnswer);
        return;
      case 'export': {
        const snapshot = await this.snapshotOf(message.runId);
        if (snapshot) await this.actions.exportRun(snapshot, message.format);
        else void vscode.window.showWarningMessage('Ponder: this run is no longer kept by the server.');
        return;
      }
    }
  }

  /**
   * The run's current tree: the live mirror when this session has one, else the server's copy, else the
   * copy archived on disk when it finished (the server forgets runs when it restarts, e.g. with the window).
   */
  private async snapshotOf(runId: string): Promise<TreeSnapshot | undefined> {
    const mirrored = this.ctx.runs.get(runId)?.mirror?.snapshot;
    if (mirrored) return mirrored;
    let fromServer: TreeSnapshot | undefined;
    try {
      const client = await this.ctx.client();
      fromServer = (await this.ctx.log.timed('ponder/getRun', () => client.sendRequest(getRunRequest, { runId }))) ?? undefined;
    } catch (error) {
      this.ctx.log.warn(`could not ask the server for run ${runId}: ${describeError(error)}`);
    }
    return fromServer ?? (await this.ctx.archive.load(runId));
  }

  private async sendSnapshot(): Promise<void> {
    this.live = false;
    const runId = this.runId;
    if (runId === undefined) {
      await this.post({ type: 'error', message: 'No run to show yet: select a problem and run "Ponder: Solve Selection".' });
      return;
    }
    let snapshot: TreeSnapshot | undefined;
    try {
      snapshot = await this.snapshotOf(runId);
    } catch (error) {
      this.ctx.log.error('could not fetch the run for the tree view', error);
    }
    if (runId !== this.runId) return; // another run took the panel meanwhile; its own snapshot is on its way
    if (!snapshot) {
      await this.post({ type: 'error', runId, message: 'This run is no longer available: Ponder keeps the trees of recent runs only (the last 20 finished in this workspace).' });
      return;
    }
    if (this.panel) this.panel.title = `Ponder: ${titleOf(snapshot.problem)}`;
    await this.post({ type: 'snapshot', snapshot });
    this.live = true;
  }

  private async post(message: HostToWebview): Promise<void> {
    if (!this.panel) return;
    const delivered = await this.panel.webview.postMessage(message);
    if (!delivered) this.live = false;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function titleOf(problem: string): string {
  const line = problem.trim().split('\n')[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 37)}…` : line;
}
