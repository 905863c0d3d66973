// Live progress of a search on stderr, computed from the tree's delta stream alone: samples finished,
// tokens spent, and the leading answer with its share. One line rewritten in place on a terminal; on a
// pipe, a line at most every few seconds so logs stay readable.
import type { TreeDelta } from '../protocol/tree';

export interface ProgressState {
  answersSeen: number;
  failed: number;
  generatedTokens: number;
  tokenCap: number;
  calls: number;
  leader?: string;
  leaderShare?: number;
  /** The N the search itself announced (its first strategy decision), where it differs from what was asked. */
  plannedSamples?: number;
}

export function emptyProgress(): ProgressState {
  return { answersSeen: 0, failed: 0, generatedTokens: 0, tokenCap: 0, calls: 0 };
}

/** Folds one delta into the progress summary. */
export function updateProgress(state: ProgressState, delta: TreeDelta): void {
  switch (delta.type) {
    case 'nodeAdded':
      if (delta.node.kind === 'answer') state.answersSeen += 1;
      break;
    case 'nodeUpdated':
      if (delta.patch.status === 'failed') state.failed += 1;
      break;
    case 'usage':
      state.generatedTokens = delta.usage.generatedTokens;
      state.tokenCap = delta.usage.tokenCap;
      state.calls = delta.usage.calls;
      break;
    case 'decision': {
      // The run's first strategy decision names its N: the demo model on a problem it cannot read draws 1.
      const samples = delta.decision.data?.samples;
      if (delta.decision.kind === 'strategy' && state.plannedSamples === undefined && typeof samples === 'number') state.plannedSamples = samples;
      break;
    }
    case 'answersChanged': {
      const top = delta.answers[0];
      state.leader = top?.answer;
      state.leaderShare = top?.share;
      break;
    }
    default:
      break;
  }
}

export function formatProgress(state: ProgressState, totalSamples: number): string {
  const parts = [
    `samples ${state.answersSeen}/${state.plannedSamples ?? totalSamples}`,
    `tokens ${state.generatedTokens}${state.tokenCap > 0 ? `/${state.tokenCap}` : ''}`,
    `calls ${state.calls}`,
  ];
  if (state.failed > 0) parts.push(`failed ${state.failed}`);
  if (state.leader !== undefined) {
    parts.push(`leading ${truncate(state.leader, 24)} (${Math.round((state.leaderShare ?? 0) * 100)}%)`);
  }
  return parts.join(' · ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Writes progress lines to a stream, throttled; rewrites one line in place on a TTY. */
export class ProgressPrinter {
  private lastWrite = 0;
  private lastLength = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly intervalMs = out.isTTY ? 100 : 2000,
  ) {}

  show(line: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastWrite < this.intervalMs) return;
    this.lastWrite = now;
    if (this.out.isTTY) {
      const padded = line.padEnd(this.lastLength);
      this.lastLength = line.length;
      this.out.write(`\r${padded}`);
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the in-place line so later output starts on a fresh one. */
  finish(): void {
    if (this.out.isTTY && this.lastLength > 0) this.out.write('\n');
    this.lastLength = 0;
  }
}
