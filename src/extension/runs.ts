// What the client knows about runs it started: where each problem came from (to insert the answer there and
// to re-run it), a live mirror of the tree while it runs, and the result. Bounded: finished runs beyond a
// small number drop their trees (the server still has them, ponder/getRun fetches them again).
import * as vscode from 'vscode';
import type { Range, RunStartedParams, SolveParams, SolveResultParams } from '../protocol/lsp';
import type { TreeDelta } from '../protocol/tree';
import { TreeMirror } from './tree-mirror';

const FINISHED_TREES_KEPT = 3;

export interface RunRecord {
  runId: string;
  params: SolveParams;
  uri?: string;
  range?: Range;
  mirror?: TreeMirror;
  result?: SolveResultParams;
}

export class RunRegistry implements vscode.Disposable {
  private readonly runs = new Map<string, RunRecord>();
  /** Solves sent whose runStarted has not arrived yet, matched by problem text. */
  private readonly pending: { params: SolveParams; resolve: (runId: string) => void }[] = [];
  private readonly changed = new vscode.EventEmitter<RunRecord>();
  /** `seq` is the number of the batch's first delta in its run (how many the mirror held before it). */
  private readonly deltasArrived = new vscode.EventEmitter<{ record: RunRecord; deltas: TreeDelta[]; seq: number }>();
  readonly onDidChange = this.changed.event;
  readonly onDidReceiveDeltas = this.deltasArrived.event;
  lastRunId: string | undefined;

  /** Registers a solve about to be sent; the promise gives its run id once the server announces it. */
  expect(params: SolveParams): Promise<string> {
    return new Promise((resolve) => this.pending.push({ params, resolve }));
  }

  started(params: RunStartedParams): RunRecord {
    const index = this.pending.findIndex((p) => p.params.problem === params.snapshot.problem);
    const match = index >= 0 ? this.pending.splice(index, 1)[0] : undefined;
    const record: RunRecord = {
      runId: params.runId,
      params: match?.params ?? { problem: params.snapshot.problem, mode: 'adaptive' },
      mirror: new TreeMirror(params.snapshot),
      ...(params.uri !== undefined ? { uri: params.uri } : {}),
      ...(params.range !== undefined ? { range: params.range } : {}),
    };
    this.runs.set(record.runId, record);
    this.lastRunId = record.runId;
    match?.resolve(record.runId);
    this.changed.fire(record);
    return record;
  }

  deltas(runId: string, deltas: TreeDelta[]): void {
    const record = this.runs.get(runId);
    if (!record?.mirror) return;
    const seq = record.mirror.applied;
    record.mirror.apply(deltas);
    this.deltasArrived.fire({ record, deltas, seq });
  }

  finished(params: SolveParams, result: SolveResultParams): void {
    this.abandon(params);
    let record = this.runs.get(result.runId);
    if (!record) {
      // The search ended before it started a tree (e.g. Ollama was not running): keep what is known.
      record = { runId: result.runId, params };
      if (params.uri !== undefined) record.uri = params.uri;
      if (params.range !== undefined) record.range = params.range;
      this.runs.set(record.runId, record);
    }
    // A failure ends the search without its closing delta: close the tree here, so the panel, the archive
    // and exports keep the partial tree with its unfinished nodes failed and the reason.
    if (record.mirror) {
      const closing = record.mirror.closingDeltas(result.error?.message);
      if (closing.length > 0) this.deltas(record.runId, closing);
    }
    record.result = result;
    this.lastRunId = result.runId;
    this.trimFinishedTrees();
    this.changed.fire(record);
  }

  /** Forgets a solve whose request failed before the server announced a run. */
  abandon(params: SolveParams): void {
    const index = this.pending.findIndex((p) => p.params === params);
    if (index >= 0) this.pending.splice(index, 1);
  }

  get(runId: string): RunRecord | undefined {
    return this.runs.get(runId);
  }

  running(): RunRecord[] {
    return [...this.runs.values()].filter((r) => r.result === undefined);
  }

  /** The newest finished run whose problem came from `uri`. */
  latestFor(uri: string): RunRecord | undefined {
    return [...this.runs.values()].reverse().find((r) => r.uri === uri && r.result !== undefined);
  }

  private trimFinishedTrees(): void {
    const finished = [...this.runs.values()].filter((r) => r.result !== undefined && r.mirror);
    for (const record of finished.slice(0, Math.max(0, finished.length - FINISHED_TREES_KEPT))) delete record.mirror;
  }

  dispose(): void {
    this.changed.dispose();
    this.deltasArrived.dispose();
  }
}
