// Ollama's generic thinking parser (thinking/parser.go, v0.33.0-rc2), which splits a model's raw output into
// `thinking` and content by the tags inferred from its template. /api/generate uses it whenever no built-in
// parser applies — always with `raw: true` — and think is on (server/routes.go GenerateHandler). It starts
// looking for the opening tag at the very start of the output: output that begins with anything else has
// no thinking at all, however many closing tags follow; a prompt that ends with the opening tag starts it
// inside the trace instead.
type State = 'lookingForOpening' | 'thinkingStartedEatingWhitespace' | 'thinking' | 'thinkingDoneEatingWhitespace' | 'thinkingDone';

export class ThinkingParser {
  #state: State = 'lookingForOpening';
  #acc = '';

  constructor(
    private readonly openingTag: string,
    private readonly closingTag: string,
  ) {}

  /** Returns the thinking and the content that can be sent now; ambiguous text is held back. */
  addContent(content: string): { thinking: string; content: string } {
    this.#acc += content;
    let thinking = '';
    let remaining = '';
    for (;;) {
      const step = this.#eat();
      thinking += step.thinking;
      remaining += step.content;
      if (!step.again) break;
    }
    return { thinking, content: remaining };
  }

  #eat(): { thinking: string; content: string; again: boolean } {
    const none = { thinking: '', content: '' };
    switch (this.#state) {
      case 'lookingForOpening': {
        const trimmed = this.#acc.replace(/^\s+/u, '');
        if (trimmed.startsWith(this.openingTag)) {
          const after = trimmed.split(this.openingTag).slice(1).join(this.openingTag).replace(/^\s+/u, '');
          this.#acc = after;
          this.#state = after === '' ? 'thinkingStartedEatingWhitespace' : 'thinking';
          return { ...none, again: true };
        }
        if (this.openingTag.startsWith(trimmed)) return { ...none, again: false }; // a partial tag, or whitespace only
        this.#state = 'thinkingDone';
        const untrimmed = this.#acc;
        this.#acc = '';
        return { thinking: '', content: untrimmed, again: false };
      }
      case 'thinkingStartedEatingWhitespace': {
        const trimmed = this.#acc.replace(/^\s+/u, '');
        this.#acc = '';
        if (trimmed === '') return { ...none, again: false };
        this.#state = 'thinking';
        this.#acc = trimmed;
        return { ...none, again: true };
      }
      case 'thinking': {
        const acc = this.#acc;
        const at = acc.indexOf(this.closingTag);
        if (at >= 0) {
          const thinking = acc.slice(0, at);
          const remaining = acc.slice(at + this.closingTag.length).replace(/^\s+/u, '');
          this.#acc = '';
          this.#state = remaining === '' ? 'thinkingDoneEatingWhitespace' : 'thinkingDone';
          return { thinking, content: remaining, again: false };
        }
        const held = overlap(acc, this.closingTag);
        if (held > 0) {
          this.#acc = acc.slice(acc.length - held);
          return { thinking: acc.slice(0, acc.length - held), content: '', again: false };
        }
        this.#acc = '';
        return { thinking: acc, content: '', again: false };
      }
      case 'thinkingDoneEatingWhitespace': {
        const trimmed = this.#acc.replace(/^\s+/u, '');
        this.#acc = '';
        if (trimmed !== '') this.#state = 'thinkingDone';
        return { thinking: '', content: trimmed, again: false };
      }
      case 'thinkingDone': {
        const acc = this.#acc;
        this.#acc = '';
        return { thinking: '', content: acc, again: false };
      }
    }
  }
}

/** Longest overlap between a suffix of `text` and a prefix of `tag` (the whole tag included, as in Go). */
function overlap(text: string, tag: string): number {
  for (let n = Math.min(tag.length, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}
