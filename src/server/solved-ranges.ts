// The open documents and, in each, the ranges that were solved. Edits move the ranges: an edit wholly
// before a range shifts it, one wholly after leaves it, and one that touches its text drops the result
// (the answer no longer belongs to that text). Closing a document drops its results.
//
// Edits are applied one content change at a time, in order, because each change's range refers to the
// document as the previous change left it.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from '../protocol/lsp';

interface SolvedRange {
  runId: string;
  /** Offsets in the current text of the document. */
  start: number;
  end: number;
}

interface TrackedDocument {
  document: TextDocument;
  ranges: SolvedRange[];
}

export class SolvedRanges {
  readonly #documents = new Map<string, TrackedDocument>();

  open(uri: string, languageId: string, version: number, text: string): void {
    this.#documents.set(uri, { document: TextDocument.create(uri, languageId, version, text), ranges: [] });
  }

  close(uri: string): void {
    this.#documents.delete(uri);
  }

  version(uri: string): number | undefined {
    return this.#documents.get(uri)?.document.version;
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const tracked = this.#documents.get(uri);
    if (!tracked) return;
    for (const change of changes) {
      if ('range' in change) {
        const start = tracked.document.offsetAt(change.range.start);
        const end = tracked.document.offsetAt(change.range.end);
        const shift = change.text.length - (end - start);
        tracked.ranges = tracked.ranges.flatMap((range) => {
          if (end <= range.start) {
            return [{ ...range, start: range.start + shift, end: range.end + shift }];
          }
          if (start >= range.end) return [range];
          return [];
        });
      } else if (change.text !== tracked.document.getText()) {
        tracked.ranges = [];
      }
      TextDocument.update(tracked.document, [change], version);
    }
  }

  /**
   * Remembers that `range` of `uri` was solved by `runId`. Returns false (and remembers nothing) when the
   * document is not open, or is at another version than the range refers to.
   */
  add(uri: string, range: Range, runId: string, version?: number): boolean {
    const tracked = this.#documents.get(uri);
    if (!tracked) return false;
    if (version !== undefined && version !== tracked.document.version) return false;
    const start = tracked.document.offsetAt(range.start);
    const end = tracked.document.offsetAt(range.end);
    if (end < start) return false;
    // A new result for the same text replaces the old one.
    tracked.ranges = tracked.ranges.filter((r) => r.start !== start || r.end !== end);
    tracked.ranges.push({ runId, start, end });
    return true;
  }

  /** Forgets every range solved by `runId` (its run was evicted or failed). */
  remove(runId: string): void {
    for (const tracked of this.#documents.values()) tracked.ranges = tracked.ranges.filter((r) => r.runId !== runId);
  }

  /** The newest solved range containing `position`, with its current range. */
  at(uri: string, position: Position): { runId: string; range: Range } | undefined {
    const tracked = this.#documents.get(uri);
    if (!tracked) return undefined;
    const offset = tracked.document.offsetAt(position);
    for (let i = tracked.ranges.length - 1; i >= 0; i -= 1) {
      const range = tracked.ranges[i];
      if (range && range.start <= offset && offset <= range.end) {
        return { runId: range.runId, range: { start: tracked.document.positionAt(range.start), end: tracked.document.positionAt(range.end) } };
      }
    }
    return undefined;
  }

  /** The current range of `runId` in `uri`, if it is still tracked. */
  rangeOf(uri: string, runId: string): Range | undefined {
    const tracked = this.#documents.get(uri);
    const range = tracked?.ranges.find((r) => r.runId === runId);
    if (!tracked || !range) return undefined;
    return { start: tracked.document.positionAt(range.start), end: tracked.document.positionAt(range.end) };
  }

  /** The text of `range` in the open document `uri` (undefined when it is not open), for editors that send only a range. */
  textOf(uri: string, range: Range): string | undefined {
    return this.#documents.get(uri)?.document.getText(range);
  }
}
