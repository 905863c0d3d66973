// The host side of the "ponder.tree" panel: one panel that shows one run at a time. What the page is sent
// and when (the snapshot on `ready` or `resync`, then numbered deltas) is `PanelFeed`'s; this class owns the
// vscode panel, handles the page's messages after checking them with the protocol's guard, and restores
// itself after a window reload from the page's state, which holds only the run id (the data is fetched again).
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../protocol/tree';
import type { HostToWebview, WebviewToHost } from '../../protocol/webview';
import { isWebviewToHost } from '../../protocol/webview';
import type { Ctx } from '../ctx';
import { describeError } from '../log';
import { getRunRequest } from '../lsp-ext';
import { localResourceRoots, pageHtml } from './page';
import { PanelFeed } from './panel-feed';

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
  private readonly feed: PanelFeed;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly ctx: Ctx,
    private readonly actions: TreePanelActions,
  ) {
    this.feed = new PanelFeed(
      {
        mirror: (runId) => ctx.runs.get(runId)?.mirror,
        fetch: (runId) =>
          this.snapshotOf(runId).catch((error: unknown) => {
            this.ctx.log.error('could not fetch the run for the tree view', error);
            return undefined;
          }),
      },
      (message) => this.post(message),
      (snapshot) => {
        if (this.panel) this.panel.title = `Ponder: ${titleOf(snapshot.problem)}`;
      },
    );
    this.disposables = [
      ctx.runs.onDidChange((record) => {
        // A new run opens (or takes over) the panel; the end of the shown run refreshes nothing: deltas did.
        if (record.result === undefined && record.mirror) this.show(record.runId, true);
      }),
      ctx.runs.onDidReceiveDeltas(({ record, deltas, seq }) => this.feed.deltas(record.runId, deltas, seq)),
      vscode.window.registerWebviewPanelSerializer(TREE_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => {
          this.restore(panel, state);
          return Promise.resolve();
        },
      }),
    ];
  }

  get visibleRunId(): string | undefined {
    return this.panel ? this.feed.runId : undefined;
  }

  /** Shows `runId` in the panel, creating the panel if needed. */
  show(runId: string, preserveFocus = false): void {
    void this.ctx.extension.workspaceState.update(LAST_RUN_KEY, runId);
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        TREE_VIEW_TYPE,
        'Ponder: Reasoning Tree',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
        { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: localResourceRoots(this.ctx.extension.extensionUri) },
      );
      this.attach(panel);
      void this.feed.show(runId);
      return;
    }
    this.panel.reveal(undefined, preserveFocus);
    // Asked for by a person (not a run starting in the background): send the tree again.
    void this.feed.show(runId, !preserveFocus);
  }

  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = typeof state === 'object' && state !== null ? (state as { runId?: unknown }).runId : undefined;
    this.panel?.dispose();
    this.attach(panel);
    void this.feed.show(typeof saved === 'string' ? saved : this.ctx.extension.workspaceState.get<string>(LAST_RUN_KEY));
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.feed.pageGone();
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(this.ctx.extension.extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'media', 'icon.png');
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidChangeViewState(() => {
        // Without retained context a hidden page is destroyed; it says `ready` again when shown.
        if (!panel.visible && this.panel === panel) this.feed.pageGone();
      }),
      panel.onDidDispose(() => {
        for (const disposable of this.panelDisposables) disposable.dispose();
        this.panelDisposables = [];
        if (this.panel === panel) {
          this.panel = undefined;
          this.feed.pageGone();
        }
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
        await this.feed.ready();
        return;
      case 'resync':
        this.ctx.log.info(`the tree view missed deltas of run ${message.runId}; sending it the run again`);
        await this.feed.resync(message.runId);
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

  private post(message: HostToWebview): void {
    // A page that is gone or hidden drops messages; it says `ready` (or `resync`) when it needs them again.
    this.panel?.webview.postMessage(message).then(undefined, (error: unknown) => this.ctx.log.warn(`could not post to the tree view: ${describeError(error)}`));
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
