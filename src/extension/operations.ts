// Long operations in flight (solves and pulls), so "Ponder: Cancel" and the tree view's Cancel button can
// stop them. Cancelling a token makes the LanguageClient send $/cancelRequest; the server aborts the engine.
import * as vscode from 'vscode';

export interface Operation {
  readonly kind: 'solve' | 'pull';
  readonly label: string;
  readonly source: vscode.CancellationTokenSource;
  runId?: string;
}

export class Operations implements vscode.Disposable {
  private readonly active = new Set<Operation>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** Runs `work` as a cancellable operation; `outer` (e.g. a progress notification's token) also cancels it. */
  async run<T>(kind: Operation['kind'], label: string, outer: vscode.CancellationToken | undefined, work: (op: Operation) => Promise<T>): Promise<T> {
    const op: Operation = { kind, label, source: new vscode.CancellationTokenSource() };
    const link = outer?.onCancellationRequested(() => op.source.cancel());
    this.active.add(op);
    this.changed.fire();
    try {
      return await work(op);
    } finally {
      link?.dispose();
      this.active.delete(op);
      op.source.dispose();
      this.changed.fire();
    }
  }

  list(): Operation[] {
    return [...this.active];
  }

  /** Cancels the operation of `runId`; returns whether there was one. */
  cancelRun(runId: string): boolean {
    const op = [...this.active].find((o) => o.runId === runId);
    op?.source.cancel();
    return op !== undefined;
  }

  cancel(op: Operation): void {
    op.source.cancel();
  }

  dispose(): void {
    for (const op of this.active) op.source.cancel();
    this.changed.dispose();
  }
}
