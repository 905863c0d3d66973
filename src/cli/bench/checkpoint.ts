// Resumability: every finished problem is appended to <out>/checkpoint.jsonl under a fingerprint of the
// arguments that decide the numbers. A rerun with the same arguments skips what is there; different
// arguments start afresh. A line cut short by an interrupted write is ignored.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnitResult } from './cells';

const FLUSH_LINES = 200;
const FLUSH_MS = 1000;

export interface CheckpointState {
  readonly checkpoint: Checkpoint;
  /** Finished units by `unitKey`. */
  readonly done: Map<string, UnitResult>;
  /** Why an existing checkpoint was not used, if one was found. */
  readonly discarded?: string;
}

export function unitKey(dataset: string, problemId: string): string {
  return `${dataset}\n${problemId}`;
}

export class Checkpoint {
  private pending: string[] = [];
  private lastFlush = Date.now();

  private constructor(readonly path: string) {}

  static open(outDir: string, fingerprint: string, fresh: boolean): CheckpointState {
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, 'checkpoint.jsonl');
    const done = new Map<string, UnitResult>();
    let discarded: string | undefined;
    if (existsSync(path) && !fresh) {
      const lines = readFileSync(path, 'utf8').split('\n');
      const header = safeParse(lines[0] ?? '') as { fingerprint?: unknown } | undefined;
      if (header?.fingerprint === fingerprint) {
        for (const line of lines.slice(1)) {
          const entry = safeParse(line) as { dataset?: unknown; unit?: UnitResult } | undefined;
          if (entry && typeof entry.dataset === 'string' && entry.unit && typeof entry.unit.problemId === 'string') {
            done.set(unitKey(entry.dataset, entry.unit.problemId), entry.unit);
          }
        }
      } else {
        discarded = 'it was written with different arguments';
      }
    }
    const checkpoint = new Checkpoint(path);
    if (done.size === 0) writeFileSync(path, `${JSON.stringify({ fingerprint, version: 1 })}\n`);
    return { checkpoint, done, ...(discarded ? { discarded } : {}) };
  }

  record(dataset: string, unit: UnitResult): void {
    this.pending.push(JSON.stringify({ dataset, unit }));
    if (this.pending.length >= FLUSH_LINES || Date.now() - this.lastFlush >= FLUSH_MS) this.flush();
  }

  flush(): void {
    if (this.pending.length > 0) appendFileSync(this.path, `${this.pending.join('\n')}\n`);
    this.pending = [];
    this.lastFlush = Date.now();
  }
}

function safeParse(line: string): unknown {
  if (line.trim().length === 0) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
