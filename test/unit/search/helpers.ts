// Shared by the search tests: a model wrapper that records every request, tree helpers, and the checks
// that a finished tree is consistent (nothing left streaming, the delta stream rebuilds the snapshot).
import assert from 'node:assert/strict';
import type { TreeDelta, TreeNode, TreeSnapshot } from '../../../src/protocol/tree';
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities } from '../../../src/engine/model/types';
import { generateProblems } from '../../../src/engine/model/sim/problems';
import type { Difficulty, GeneratedProblem } from '../../../src/engine/model/sim/problems';
import { isSolveRequest } from '../../../src/engine/prompts/solve';
import { applyDeltas } from '../../../src/engine/tree/apply';
import type { ReasoningTree } from '../../../src/engine/tree/tree';

/** Passes every call through to `inner`, keeping the requests in the order they were made. */
export class RecordingModel implements LanguageModel {
  readonly requests: GenerationRequest[] = [];
  readonly label: string;

  constructor(private readonly inner: LanguageModel) {
    this.label = `recording ${inner.label}`;
  }

  generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    this.requests.push(request);
    return this.inner.generate(request, signal);
  }

  capabilities(signal: AbortSignal, model?: string): Promise<ModelCapabilities> {
    return this.inner.capabilities(signal, model);
  }

  /** Requests for a solution or a step (not verification, not revision). */
  solving(): GenerationRequest[] {
    return this.requests.filter((r) => isSolveRequest(r.messages[1]?.content ?? ''));
  }
}

/** A generated problem of the given level with at least `minSteps` operations. */
export function simProblem(difficulty: Difficulty, minSteps = 1, seed = 3): GeneratedProblem {
  const problem = generateProblems({ count: 40, seed, difficulty }).find((p) => p.steps >= minSteps);
  if (!problem) throw new Error('no such generated problem');
  return problem;
}

export function rootOf(tree: TreeSnapshot): TreeNode {
  const root = tree.nodes.find((n) => n.parentId === null);
  if (!root) throw new Error('a tree without its problem node');
  return root;
}

export function childrenOf(tree: TreeSnapshot, id: string, kind?: TreeNode['kind']): TreeNode[] {
  return tree.nodes.filter((n) => n.parentId === id && (kind === undefined || n.kind === kind));
}

export function nodesOf(tree: TreeSnapshot, kind: TreeNode['kind']): TreeNode[] {
  return tree.nodes.filter((n) => n.kind === kind);
}

/** Collects the deltas of a run and the snapshot taken when its tree was created. */
export function deltaRecorder(): { onTree: (tree: ReasoningTree) => void; onDelta: (delta: TreeDelta) => void; rebuilt: () => TreeSnapshot } {
  let first: TreeSnapshot | undefined;
  const deltas: TreeDelta[] = [];
  return {
    onTree: (tree) => {
      first = tree.snapshot();
    },
    onDelta: (delta) => deltas.push(delta),
    rebuilt: () => {
      if (!first) throw new Error('no tree was created');
      return applyDeltas(first, deltas);
    },
  };
}

/** A finished tree: nothing streaming, every parent known, the delta stream rebuilds it exactly. */
export function assertConsistent(tree: TreeSnapshot, rebuilt?: TreeSnapshot): void {
  assert.equal(tree.finished, true);
  const ids = new Set(tree.nodes.map((n) => n.id));
  for (const node of tree.nodes) {
    assert.notEqual(node.status, 'streaming', `node ${node.id} was left streaming`);
    if (node.parentId !== null) assert.ok(ids.has(node.parentId), `node ${node.id} has a parent in the tree`);
    if (node.status === 'failed' || node.status === 'pruned') assert.ok(node.reason, `node ${node.id} says why it is ${node.status}`);
  }
  if (rebuilt) assert.deepEqual(rebuilt, tree);
}
