// What the tree panel's page is sent, and when: the shown run's snapshot when the page says it is ready (or
// asks to resync, or another run takes the panel), then every batch of deltas, numbered. Plain logic with no
// vscode, so tests drive it with a page that delivers messages late or drops them.
//
// The page is live from its `ready` until it is reloaded or hidden. Deltas are forwarded the whole time, also
// while a snapshot is on its way: the snapshot is taken from the mirror synchronously, messages keep their
// order, and the numbers let the page skip deltas its snapshot already holds. (Muting deltas while a snapshot
// was being delivered lost the ones in between for good: the page froze with a half-built tree.)
import type { TreeDelta, TreeSnapshot } from '../../protocol/tree';
import type { HostToWebview } from '../../protocol/webview';

export interface PanelFeedSource {
  /** The live mirror of a run this session follows: its tree and how many deltas it has applied. */
  mirror(runId: string): { snapshot: TreeSnapshot; applied: number } | undefined;
  /** A run's tree from elsewhere (the server, the archive) when there is no mirror; may be slow. */
  fetch(runId: string): Promise<TreeSnapshot | undefined>;
}

export const NO_RUN_MESSAGE = 'No run to show yet: select a problem and run "Ponder: Solve Selection".';
export const GONE_RUN_MESSAGE =
  'This run is no longer available: Ponder keeps the trees of recent runs only (the last 20 finished in this workspace).';

export class PanelFeed {
  private pageReady = false;
  private shown: string | undefined;

  constructor(
    private readonly source: PanelFeedSource,
    private readonly post: (message: HostToWebview) => void,
    /** Told each snapshot sent, e.g. to title the panel after its problem. */
    private readonly onSnapshot: (snapshot: TreeSnapshot) => void = () => undefined,
  ) {}

  get runId(): string | undefined {
    return this.shown;
  }

  get live(): boolean {
    return this.pageReady;
  }

  /** A new page was loaded or the page was hidden (and destroyed): nothing is sent until it says ready. */
  pageGone(): void {
    this.pageReady = false;
  }

  /**
   * Chooses the run to show; sends its snapshot at once if the page is up and the run changed, or when a
   * person asked to see it (`refresh`): the page then shows the current tree whatever it held.
   */
  async show(runId: string | undefined, refresh = false): Promise<void> {
    const switching = runId !== this.shown;
    this.shown = runId;
    if ((switching || refresh) && this.pageReady) await this.sendSnapshot();
  }

  /** The page (re)loaded and is ready for the shown run. */
  async ready(): Promise<void> {
    this.pageReady = true;
    await this.sendSnapshot();
  }

  /** The page missed deltas of `runId`; a resync for a run no longer shown is stale and ignored. */
  async resync(runId: string): Promise<void> {
    if (!this.pageReady || runId !== this.shown) return;
    await this.sendSnapshot();
  }

  /** A batch of the run's deltas arrived; `seq` is the number of its first delta. */
  deltas(runId: string, deltas: TreeDelta[], seq: number): void {
    if (this.pageReady && runId === this.shown) this.post({ type: 'deltas', runId, deltas, seq });
  }

  private async sendSnapshot(): Promise<void> {
    const runId = this.shown;
    if (runId === undefined) {
      this.post({ type: 'error', message: NO_RUN_MESSAGE });
      return;
    }
    // Copied synchronously from the mirror, which later deltas change in place: the copy holds exactly
    // `applied` deltas, whenever the message is serialised.
    if (this.postMirrored(runId)) return;
    const fetched = await this.source.fetch(runId);
    // Another run took the panel meanwhile (its snapshot went with it), or the page went away.
    if (runId !== this.shown || !this.pageReady) return;
    if (this.postMirrored(runId)) return;
    if (fetched) {
      this.onSnapshot(fetched);
      this.post({ type: 'snapshot', snapshot: fetched });
    } else {
      this.post({ type: 'error', runId, message: GONE_RUN_MESSAGE });
    }
  }

  private postMirrored(runId: string): boolean {
    const mirrored = this.source.mirror(runId);
    if (!mirrored) return false;
    const snapshot = structuredClone(mirrored.snapshot);
    this.onSnapshot(snapshot);
    this.post({ type: 'snapshot', snapshot, seq: mirrored.applied });
    return true;
  }
}
