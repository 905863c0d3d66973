// Splits a raw continuation's text into the rest of an open thinking trace and the answer after its closing
// tag. Needed because Ollama applies no thinking parser that could do it: with `raw: true` there is no
// built-in parser, and the generic one (thinking/parser.go, v0.33.0-rc2) starts inside a trace only when the
// prompt ends with the opening tag (server/routes.go GenerateHandler), which a trace being continued does
// not; everything then arrives as `response`. Like Ollama's parser, whitespace right after the closing tag
// is dropped and a piece that may be the start of the tag is held back until the next one decides.
export class TraceSplitter {
  #pending = '';
  #closed = false;
  /** Closed, and no visible character has come since: whitespace is still dropped. */
  #eating = false;

  constructor(private readonly closeTag: string) {}

  get closed(): boolean {
    return this.#closed;
  }

  /** The thinking and answer text in `piece`, as far as it is unambiguous. */
  add(piece: string): { thinking: string; text: string } {
    if (this.#closed) return { thinking: '', text: this.#eat(piece) };
    const buffer = this.#pending + piece;
    const at = buffer.indexOf(this.closeTag);
    if (at >= 0) {
      this.#closed = true;
      this.#eating = true;
      this.#pending = '';
      return { thinking: buffer.slice(0, at), text: this.#eat(buffer.slice(at + this.closeTag.length)) };
    }
    const held = overlap(buffer, this.closeTag);
    this.#pending = buffer.slice(buffer.length - held);
    return { thinking: buffer.slice(0, buffer.length - held), text: '' };
  }

  #eat(piece: string): string {
    if (!this.#eating) return piece;
    const rest = piece.replace(/^\s+/u, '');
    if (rest !== '') this.#eating = false;
    return rest;
  }

  /** The end of the stream: a held-back piece that never became the tag is thinking after all. */
  flush(): string {
    const rest = this.#closed ? '' : this.#pending;
    this.#pending = '';
    return rest;
  }
}

/** Length of the longest suffix of `text` that is a prefix of `tag`. */
function overlap(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}
