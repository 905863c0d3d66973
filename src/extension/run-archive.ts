// Finished runs kept on disk (in the extension's workspace storage), so a tree panel restored after a window
// reload, or opened after the language server restarted, still shows its tree: the server keeps runs only
// while it runs. Bounded by count and by bytes, oldest first out. Files are read back as untrusted data:
// anything that is not a tree snapshot is ignored (and the webview sanitises model text anyway).
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TreeSnapshot } from '../protocol/tree';

export interface ArchiveLimits {
  readonly maxRuns: number;
  readonly maxBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxRuns: 20, maxBytes: 32 * 1024 * 1024 };

/** Run ids are the server's UUIDs; anything else never becomes a file name. */
const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class RunArchive {
  /** Serialises writes and pruning, so two runs finishing together do not race over the directory. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  ) {}

  /** Stores a finished run's tree; resolves when written and pruned. Never throws (archiving is best effort). */
  save(snapshot: TreeSnapshot): Promise<void> {
    if (!RUN_ID.test(snapshot.runId)) return Promise.resolve();
    const next = this.#queue.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, `${snapshot.runId}.json`), JSON.stringify(snapshot));
      await this.#prune(`${snapshot.runId}.json`);
    });
    this.#queue = next.catch(() => undefined);
    return next.catch(() => undefined);
  }

  /** The stored tree of `runId`, or undefined when absent, unreadable or not a tree. */
  async load(runId: string): Promise<TreeSnapshot | undefined> {
    if (!RUN_ID.test(runId)) return undefined;
    await this.#queue;
    try {
      const value: unknown = JSON.parse(await readFile(join(this.dir, `${runId}.json`), 'utf8'));
      return looksLikeSnapshot(value, runId) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /** `justSaved` counts as the newest whatever its mtime: two saves within the file system's mtime
   * resolution (or a coarse clock) would otherwise tie, and a name tie-break could delete the run just saved. */
  async #prune(justSaved: string): Promise<void> {
    const names = (await readdir(this.dir)).filter((name) => name.endsWith('.json'));
    const files = await Promise.all(
      names.map(async (name) => {
        const info = await stat(join(this.dir, name));
        return { name, bytes: info.size, modified: info.mtimeMs };
      }),
    );
    const rank = (file: { name: string }): number => (file.name === justSaved ? 1 : 0);
    files.sort((a, b) => rank(b) - rank(a) || b.modified - a.modified || a.name.localeCompare(b.name)); // newest first
    let bytes = 0;
    for (const [index, file] of files.entries()) {
      bytes += file.bytes;
      // The newest run is always kept, even when it alone is over the byte limit.
      if (index > 0 && (index >= this.limits.maxRuns || bytes > this.limits.maxBytes)) {
        await rm(join(this.dir, file.name), { force: true });
      }
    }
  }
}

function looksLikeSnapshot(value: unknown, runId: string): value is TreeSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof TreeSnapshot, unknown>>;
  return (
    candidate.runId === runId &&
    typeof candidate.problem === 'string' &&
    Array.isArray(candidate.nodes) &&
    Array.isArray(candidate.answers) &&
    Array.isArray(candidate.decisions) &&
    typeof candidate.finished === 'boolean'
  );
}
