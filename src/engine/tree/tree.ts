// The reasoning tree of one run: the nodes a search creates (steps streamed token by token, answers,
// decisions), and the stream of deltas that lets another process grow an identical copy.
// Node ids are n0 (the problem), n1, n2 … in creation order, so one run always numbers its nodes the same.
import type {
  AnswerTally,
  NodeKind,
  NodeStatus,
  NodeUsage,
  SearchDecision,
  TreeDelta,
  TreeNode,
  TreeSnapshot,
  UsageTotals,
} from '../../protocol/tree';
import type { Disposable, Listener } from './emitter';
import { Emitter } from './emitter';

export interface TreeInit {
  runId: string;
  problem: string;
  strategy: string;
  tokenCap: number;
  /** Where errors thrown by delta listeners go (they never reach the search). Default: dropped. */
  onListenerError?: (error: unknown) => void;
}

/** A node to add. Depth defaults to the parent's plus one. */
export interface NewNode {
  parentId: string;
  kind: Exclude<NodeKind, 'problem'>;
  status?: NodeStatus;
  text?: string;
  thinking?: string;
  score?: number;
  verdict?: string;
  answer?: string;
  sample?: number;
  depth?: number;
  usage?: NodeUsage;
  reason?: string;
}

export type NodePatch = Partial<Omit<TreeNode, 'id' | 'parentId' | 'kind'>>;

export const ZERO_USAGE: Readonly<NodeUsage> = Object.freeze({ promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 });

/** A mutation that does not fit the tree: a programming error in the search, never a model problem. */
export class TreeStateError extends Error {
  override readonly name = 'TreeStateError';
}

export class ReasoningTree {
  readonly runId: string;
  readonly rootId: string;
  private readonly nodes = new Map<string, TreeNode>();
  private readonly events: Emitter<TreeDelta>;
  private readonly state: Omit<TreeSnapshot, 'nodes'>;
  private nextId = 0;

  constructor(init: TreeInit) {
    this.runId = init.runId;
    this.events = new Emitter(init.onListenerError);
    this.state = {
      runId: init.runId,
      problem: init.problem,
      strategy: init.strategy,
      answers: [],
      decisions: [],
      usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0, tokenCap: init.tokenCap },
      finished: false,
    };
    const root: TreeNode = {
      id: this.allocateId(),
      parentId: null,
      kind: 'problem',
      status: 'done',
      text: init.problem,
      depth: 0,
      usage: { ...ZERO_USAGE },
    };
    this.nodes.set(root.id, root);
    this.rootId = root.id;
  }

  /** Receives every later delta, in order. Applying them to `snapshot()` taken now gives later snapshots. */
  subscribe(listener: Listener<TreeDelta>): Disposable {
    return this.events.subscribe(listener);
  }

  get finished(): boolean {
    return this.state.finished;
  }

  /** A copy of node `id`, or undefined. */
  get(id: string): TreeNode | undefined {
    const node = this.nodes.get(id);
    return node ? copyNode(node) : undefined;
  }

  /** Adds a node and returns its id. */
  add(spec: NewNode): string {
    this.assertOpen();
    const parent = this.require(spec.parentId);
    const node: TreeNode = withoutUndefined({
      id: this.allocateId(),
      parentId: parent.id,
      kind: spec.kind,
      status: spec.status ?? 'done',
      text: spec.text ?? '',
      thinking: spec.thinking,
      score: spec.score,
      verdict: spec.verdict,
      answer: spec.answer,
      sample: spec.sample,
      depth: spec.depth ?? parent.depth + 1,
      usage: { ...(spec.usage ?? ZERO_USAGE) },
      reason: spec.reason,
    });
    this.nodes.set(node.id, node);
    this.emit({ type: 'nodeAdded', node: copyNode(node) });
    return node.id;
  }

  /** Appends streamed text (and thinking) to a node: only the new piece travels. */
  appendText(id: string, text: string, thinking = ''): void {
    this.assertOpen();
    const node = this.require(id);
    if (!text && !thinking) return;
    node.text += text;
    if (thinking) node.thinking = (node.thinking ?? '') + thinking;
    this.emit(thinking ? { type: 'textAppended', id, text, thinking } : { type: 'textAppended', id, text });
  }

  /** Changes some fields of a node. Fields given as undefined are left as they are. */
  update(id: string, patch: NodePatch): void {
    this.assertOpen();
    const node = this.require(id);
    const clean = withoutUndefined({ ...patch });
    if (Object.keys(clean).length === 0) return;
    if (clean.usage) clean.usage = { ...clean.usage };
    Object.assign(node, clean);
    this.emit({ type: 'nodeUpdated', id, patch: clean.usage ? { ...clean, usage: { ...clean.usage } } : { ...clean } });
  }

  /** Replaces the answer tally and the current choice (no `chosenAnswer` = nothing chosen yet). */
  setAnswers(answers: readonly AnswerTally[], chosenAnswer?: string, confidence?: number): void {
    this.assertOpen();
    this.state.answers = answers.map(copyTally);
    if (chosenAnswer === undefined) delete this.state.chosenAnswer;
    else this.state.chosenAnswer = chosenAnswer;
    if (confidence === undefined) delete this.state.confidence;
    else this.state.confidence = confidence;
    const delta: TreeDelta = { type: 'answersChanged', answers: answers.map(copyTally) };
    if (chosenAnswer !== undefined) delta.chosenAnswer = chosenAnswer;
    if (confidence !== undefined) delta.confidence = confidence;
    this.emit(delta);
  }

  /** Records a decision of the search (strategy chosen, why it stopped, a warning). */
  decide(decision: SearchDecision): void {
    this.assertOpen();
    const copy = withoutUndefined({ ...decision, data: decision.data ? { ...decision.data } : undefined });
    this.state.decisions.push(copy);
    this.emit({ type: 'decision', decision: withoutUndefined({ ...copy, data: copy.data ? { ...copy.data } : undefined }) });
  }

  setUsage(usage: UsageTotals): void {
    this.assertOpen();
    this.state.usage = { ...usage };
    this.emit({ type: 'usage', usage: { ...usage } });
  }

  /** Ends the run: later mutations are errors. */
  finish(): void {
    if (this.state.finished) return;
    this.state.finished = true;
    this.emit({ type: 'finished' });
  }

  /** A deep copy of the whole tree, nodes in creation order. */
  snapshot(): TreeSnapshot {
    const snapshot: TreeSnapshot = {
      ...this.state,
      nodes: [...this.nodes.values()].map(copyNode),
      answers: this.state.answers.map(copyTally),
      decisions: this.state.decisions.map((d) => withoutUndefined({ ...d, data: d.data ? { ...d.data } : undefined })),
      usage: { ...this.state.usage },
    };
    return snapshot;
  }

  /** Ids of the children of `id`, in creation order. */
  childrenOf(id: string): string[] {
    return [...this.nodes.values()].filter((node) => node.parentId === id).map((node) => node.id);
  }

  private allocateId(): string {
    return `n${this.nextId++}`;
  }

  private require(id: string): TreeNode {
    const node = this.nodes.get(id);
    if (!node) throw new TreeStateError(`no node ${id} in run ${this.runId}`);
    return node;
  }

  private assertOpen(): void {
    if (this.state.finished) throw new TreeStateError(`run ${this.runId} has finished; its tree no longer changes`);
  }

  private emit(delta: TreeDelta): void {
    this.events.emit(delta);
  }
}

function copyNode(node: TreeNode): TreeNode {
  return { ...node, usage: { ...node.usage } };
}

function copyTally(tally: AnswerTally): AnswerTally {
  return { ...tally, nodeIds: [...tally.nodeIds] };
}

/** Drops keys whose value is undefined: they do not survive JSON, so they must not exist here either. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
