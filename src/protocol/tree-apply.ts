// Applies one tree delta to a snapshot, without mutating either. The engine, the server and the webview all
// grow their copy of a tree with this one function, so it lives in the protocol and stays free of Node and DOM APIs.
import type { TreeDelta, TreeNode, TreeSnapshot } from './tree';

/** A delta that does not fit the snapshot (unknown node, duplicate id, change after the end). */
export class TreeDeltaError extends Error {
  override readonly name = 'TreeDeltaError';
}

/**
 * The snapshot after `delta`. Unchanged parts are shared with `snapshot` (structural sharing), so a
 * renderer can compare node objects by identity to find what changed.
 * Throws `TreeDeltaError` for a delta that cannot apply: that means the receiver missed a delta and should
 * ask for a fresh snapshot.
 */
export function applyDelta(snapshot: TreeSnapshot, delta: TreeDelta): TreeSnapshot {
  switch (delta.type) {
    case 'nodeAdded': {
      if (snapshot.nodes.some((node) => node.id === delta.node.id)) {
        throw new TreeDeltaError(`node ${delta.node.id} already exists`);
      }
      const parentId = delta.node.parentId;
      if (parentId !== null && !snapshot.nodes.some((node) => node.id === parentId)) {
        throw new TreeDeltaError(`node ${delta.node.id} names an unknown parent ${parentId}`);
      }
      return { ...snapshot, nodes: [...snapshot.nodes, cloneNode(delta.node)] };
    }
    case 'textAppended':
      return replaceNode(snapshot, delta.id, (node) => {
        const next: TreeNode = { ...node, text: node.text + delta.text };
        if (delta.thinking) next.thinking = (node.thinking ?? '') + delta.thinking;
        return next;
      });
    case 'nodeUpdated':
      return replaceNode(snapshot, delta.id, (node) => {
        const next: TreeNode = { ...node };
        // Copy only the fields present: on the wire an absent field means "unchanged".
        for (const [key, value] of Object.entries(delta.patch)) {
          if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = cloneValue(value);
        }
        return next;
      });
    case 'answersChanged': {
      // The choice is replaced together with the tally: absent means "no choice yet".
      const { chosenAnswer: _chosen, confidence: _confidence, ...rest } = snapshot;
      const next: TreeSnapshot = { ...rest, answers: delta.answers.map((tally) => ({ ...tally, nodeIds: [...tally.nodeIds] })) };
      if (delta.chosenAnswer !== undefined) next.chosenAnswer = delta.chosenAnswer;
      if (delta.confidence !== undefined) next.confidence = delta.confidence;
      return next;
    }
    case 'decision':
      return { ...snapshot, decisions: [...snapshot.decisions, cloneValue(delta.decision)] };
    case 'usage':
      return { ...snapshot, usage: { ...delta.usage } };
    case 'finished':
      return delta.error === undefined ? { ...snapshot, finished: true } : { ...snapshot, finished: true, error: delta.error };
  }
}

/** Applies `deltas` in order. */
export function applyDeltas(snapshot: TreeSnapshot, deltas: Iterable<TreeDelta>): TreeSnapshot {
  let current = snapshot;
  for (const delta of deltas) current = applyDelta(current, delta);
  return current;
}

function replaceNode(snapshot: TreeSnapshot, id: string, change: (node: TreeNode) => TreeNode): TreeSnapshot {
  const index = snapshot.nodes.findIndex((node) => node.id === id);
  const node = snapshot.nodes[index];
  if (!node) throw new TreeDeltaError(`no node ${id}`);
  const nodes = snapshot.nodes.slice();
  nodes[index] = change(node);
  return { ...snapshot, nodes };
}

function cloneNode(node: TreeNode): TreeNode {
  return { ...node, usage: { ...node.usage } };
}

/** Deltas hold plain JSON data; a structured copy keeps the receiver's snapshot independent of them. */
function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => cloneValue(item)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) copy[key] = cloneValue(item);
  return copy as T;
}
