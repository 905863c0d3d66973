// Applies tree deltas to a snapshot, so the host can hand a (re)loaded tree view the exact current state of a
// run without asking the server again and without replaying or losing deltas. Plain data work, no vscode.
import type { TreeDelta, TreeNode, TreeSnapshot } from '../protocol/tree';

export class TreeMirror {
  private readonly index = new Map<string, TreeNode>();
  /** How many deltas this mirror has applied: the tree view numbers its copy by it (see `seq` in the protocol). */
  applied = 0;

  constructor(readonly snapshot: TreeSnapshot) {
    for (const node of snapshot.nodes) this.index.set(node.id, node);
  }

  apply(deltas: readonly TreeDelta[]): void {
    for (const delta of deltas) this.applyOne(delta);
    this.applied += deltas.length;
  }

  /**
   * The deltas that close a run whose search ended without its own closing delta (a failure ended it): nodes
   * still streaming become failed with the reason, and the tree is marked finished with `error`. Empty when
   * the tree already finished.
   */
  closingDeltas(error: string | undefined): TreeDelta[] {
    // The engine closes its tree when the search stops, failure or not, so the tree is often finished before
    // the result says why: the reason is added then, and the page shows the failure and its Retry.
    if (this.snapshot.finished) return error !== undefined && this.snapshot.error === undefined ? [{ type: 'finished', error }] : [];
    const reason = error ?? 'The run ended before this step finished.';
    const deltas: TreeDelta[] = this.snapshot.nodes
      .filter((node) => node.status === 'streaming' && node.kind !== 'problem')
      .map((node) => ({ type: 'nodeUpdated', id: node.id, patch: { status: 'failed', reason } }));
    deltas.push(error === undefined ? { type: 'finished' } : { type: 'finished', error });
    return deltas;
  }

  private applyOne(delta: TreeDelta): void {
    const snapshot = this.snapshot;
    switch (delta.type) {
      case 'nodeAdded': {
        if (this.index.has(delta.node.id)) return;
        const node = { ...delta.node };
        this.index.set(node.id, node);
        snapshot.nodes.push(node);
        return;
      }
      case 'textAppended': {
        const node = this.index.get(delta.id);
        if (!node) return;
        node.text += delta.text;
        if (delta.thinking !== undefined) node.thinking = (node.thinking ?? '') + delta.thinking;
        return;
      }
      case 'nodeUpdated': {
        const node = this.index.get(delta.id);
        if (node) Object.assign(node, delta.patch);
        return;
      }
      case 'answersChanged':
        snapshot.answers = delta.answers;
        if (delta.chosenAnswer !== undefined) snapshot.chosenAnswer = delta.chosenAnswer;
        if (delta.confidence !== undefined) snapshot.confidence = delta.confidence;
        return;
      case 'decision':
        snapshot.decisions.push(delta.decision);
        return;
      case 'usage':
        snapshot.usage = delta.usage;
        return;
      case 'finished':
        snapshot.finished = true;
        if (delta.error !== undefined) snapshot.error = delta.error;
        return;
    }
  }

  /** Answer chains finished so far (for the status bar). */
  get answeredSamples(): number {
    let count = 0;
    for (const node of this.snapshot.nodes) if (node.kind === 'answer') count += 1;
    return count;
  }
}
