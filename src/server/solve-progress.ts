// What a solve's work-done progress says: samples finished, tokens spent of the cap, the leading answer.
// Folded from the same deltas the tree view receives.
import type { TreeDelta } from '../protocol/tree';
import { cleanServerText } from '../engine/model/errors';

export class SolveProgress {
  samples = 0;
  generatedTokens = 0;
  tokenCap = 0;
  leading: string | undefined;
  confidence = 0;

  constructor(tokenCap: number) {
    this.tokenCap = tokenCap;
  }

  add(delta: TreeDelta): void {
    switch (delta.type) {
      case 'nodeAdded':
        if (delta.node.kind === 'answer') this.samples += 1;
        break;
      case 'usage':
        this.generatedTokens = delta.usage.generatedTokens;
        this.tokenCap = delta.usage.tokenCap;
        break;
      case 'answersChanged':
        this.leading = delta.chosenAnswer ?? delta.answers[0]?.answer;
        this.confidence = delta.confidence ?? delta.answers[0]?.share ?? 0;
        break;
      default:
        break;
    }
  }

  /** Progress text (plain text: VS Code shows it in a notification, not as Markdown). */
  message(): string {
    const leading = this.leading === undefined ? '' : ` · leading: ${cleanServerText(this.leading, 40)} (${Math.round(this.confidence * 100)}%)`;
    return `${this.samples} samples · ${this.generatedTokens} tokens${leading}`;
  }

  percentage(): number {
    if (this.tokenCap <= 0) return 0;
    return Math.min(100, Math.round((this.generatedTokens / this.tokenCap) * 100));
  }
}
