// Token ids for the deprecated `context` field of /api/generate: each distinct token string gets the next
// id, so a `context` returned earlier can be turned back into text when a client sends it again.

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly tokens: string[] = [];

  encode(tokens: readonly string[]): number[] {
    return tokens.map((token) => {
      let id = this.ids.get(token);
      if (id === undefined) {
        id = this.tokens.length;
        this.tokens.push(token);
        this.ids.set(token, id);
      }
      return id;
    });
  }

  /** Unknown ids decode to nothing. */
  decode(ids: readonly number[]): string {
    return ids.map((id) => this.tokens[id] ?? '').join('');
  }
}
