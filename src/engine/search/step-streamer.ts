// Grows one sample's chain in the tree while its text streams in: a step node per paragraph, created as
// the paragraph starts and appended to live, closed at the blank line that ends it. Whitespace is held
// back until the next visible character shows whether it belongs inside the step or ends it, so the
// finished steps equal `splitSteps(fullText)` however the text was chunked.
import type { NodeUsage } from '../../protocol/tree';
import type { ReasoningTree } from '../tree/tree';

const PARAGRAPH_BREAK = /\n[ \t]*\n/;
const WHITESPACE = /\s/u;

export class StepStreamer {
  /** Ids of the step nodes that received text, in chain order (one per element of splitSteps). */
  readonly stepIds: string[] = [];
  private currentId: string | undefined;
  private currentHasText = false;
  private pendingSpace = '';
  private buffer = '';
  private lastId: string;
  private thinkingId: string | undefined;

  constructor(
    private readonly tree: ReasoningTree,
    parentId: string,
    private readonly sample: number,
  ) {
    this.lastId = parentId;
  }

  /** The node the chain ends on so far (a step, or the parent when nothing streamed yet). */
  get tipId(): string {
    return this.currentId ?? this.lastId;
  }

  text(chunk: string): void {
    for (const ch of chunk) {
      if (WHITESPACE.test(ch)) {
        if (!this.currentHasText) continue;
        this.pendingSpace += ch;
        if (PARAGRAPH_BREAK.test(this.pendingSpace)) this.closeStep('done');
      } else {
        this.currentHasText = true;
        this.buffer += this.pendingSpace + ch;
        this.pendingSpace = '';
      }
    }
    this.flush();
  }

  /** The node the generation's trace went on (the first that received any), if it thought. */
  get thinkingNodeId(): string | undefined {
    return this.thinkingId;
  }

  /** A thinking model's hidden trace goes on the step being written (the first one, in practice). */
  thinking(chunk: string): void {
    if (!chunk) return;
    this.flush();
    if (this.currentId === undefined) this.open('', chunk);
    else this.tree.appendText(this.currentId, '', chunk);
    this.thinkingId ??= this.currentId;
  }

  /** The generation ended normally: the open step is done. */
  end(): void {
    this.closeStep('done');
  }

  /**
   * The generation failed or was cancelled: the open step (or a new empty one, so the failure is
   * visible) is marked failed with `reason` and carries the usage of the failed call.
   */
  fail(reason: string, usage: NodeUsage): void {
    this.flush();
    this.pendingSpace = '';
    if (this.currentId === undefined) {
      this.open('', undefined);
    }
    const id = this.currentId as string;
    this.tree.update(id, { status: 'failed', reason, usage });
    this.lastId = id;
    this.currentId = undefined;
    this.currentHasText = false;
  }

  private closeStep(status: 'done'): void {
    this.flush();
    this.pendingSpace = '';
    if (this.currentId === undefined) return;
    this.tree.update(this.currentId, { status });
    this.lastId = this.currentId;
    this.currentId = undefined;
    this.currentHasText = false;
  }

  private flush(): void {
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    if (this.currentId === undefined) this.open(text, undefined);
    else this.tree.appendText(this.currentId, text);
    if (this.stepIds[this.stepIds.length - 1] !== this.currentId && this.currentId !== undefined) {
      this.stepIds.push(this.currentId);
    }
  }

  private open(text: string, thinking: string | undefined): void {
    this.currentId = this.tree.add({
      parentId: this.lastId,
      kind: 'step',
      status: 'streaming',
      text,
      ...(thinking === undefined ? {} : { thinking }),
      sample: this.sample,
    });
  }
}
