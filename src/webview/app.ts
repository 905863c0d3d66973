// Composes the page: holds the current snapshot and the UI state, applies host messages, and redraws every
// part at most once per animation frame, however many deltas arrived in between.
import type { TreeSnapshot } from '../protocol/tree';
import type { HostToWebview } from '../protocol/webview';
import { AnswersPanel } from './answers-panel';
import { BudgetMeter } from './budget-meter';
import { Controls } from './controls';
import { DetailsPanel } from './details-panel';
import { el, setTextWithCode } from './dom';
import type { Host } from './host';
import { createLegend } from './legend';
import { OutlineView, isOutlineExpanded, thinkingOwner } from './outline-view';
import { hasThinking } from '../shared/thinking-summary';
import { RunFeed } from './run-feed';
import { ancestorsOf, indexTree } from './tree-index';
import { TreeView } from './tree-view';
import type { UiState } from './ui-state';
import { emptyUiState, parseUiState } from './ui-state';

/** Panels narrower than this show one view at a time, the outline first, and the side panels below. */
const NARROW_PX = 600;
/** Above this many nodes the diagram is redrawn at most every LARGE_TREE_FRAME_MS and not animated. */
const LARGE_TREE_NODES = 1000;
const LARGE_TREE_FRAME_MS = 100;
/** A resync the host did not answer (the message was lost, the host was busy) is asked again this often. */
const RESYNC_RETRY_MS = 1500;
const MISSED_MESSAGE = 'An update was missed; reloading the tree.';

export class App {
  private readonly feed = new RunFeed();
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  private ui: UiState;
  private frame: number | undefined;
  private renders = 0;
  private lastRenderAt = 0;
  private readonly status = el('p', { class: 'status-line', role: 'status' });
  private readonly tree: TreeView;
  private readonly outline: OutlineView;
  private readonly answers = new AnswersPanel();
  private readonly budget = new BudgetMeter();
  private readonly details: DetailsPanel;
  private readonly controls: Controls;
  private readonly problem = el('p', { class: 'problem' });
  /** Why a failure ended the run; the partial tree stays below it. */
  private readonly failure = el('p', { class: 'run-error', role: 'alert', hidden: '' });
  private readonly root: HTMLElement;
  private thinkingCheckedFor: unknown;
  /** A node was just selected: its details are brought into view once drawn. */
  private revealDetails = false;

  constructor(root: HTMLElement, private readonly host: Host) {
    this.root = root;
    this.ui = parseUiState(host.getState());
    this.tree = new TreeView({
      select: (id) => this.select(id, false),
      expandSiblings: (parentId) => this.changeUi({ siblingsExpanded: [...this.ui.siblingsExpanded, parentId] }),
      zoomed: (zoom) => this.changeUi({ zoom }, false),
    });
    this.outline = new OutlineView({
      select: (id) => this.select(id, true),
      toggle: (id, expanded) => this.toggleOutline(id, expanded),
    });
    this.details = new DetailsPanel((message) => this.say(message));
    this.controls = new Controls((message) => host.post(message), () => this.tree.fit(), () => this.switchView());
    // The legend sits above the diagram, never over it.
    const treePane = el('div', { class: 'pane tree-pane' }, createLegend(), el('div', { class: 'tree-stage' }, this.tree.backdrop.element, this.tree.element, this.tree.card));
    const outlinePane = el('div', { class: 'pane outline-pane' }, this.outline.element);
    root.replaceChildren(
      el('header', { class: 'header' }, el('h1', {}, 'Reasoning tree'), this.problem, this.failure, this.controls.element, this.status),
      el('main', { class: 'views' }, outlinePane, treePane),
      el('aside', { class: 'side' }, this.answers.element, this.budget.element, this.details.element),
    );
    this.applyViewClass();
    host.onMessage((message) => this.receive(message));
    host.post({ type: 'ready' });
  }

  private get snapshot(): TreeSnapshot | undefined {
    return this.feed.snapshot;
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'snapshot':
        if (this.snapshot?.runId !== message.snapshot.runId && this.ui.runId !== message.snapshot.runId) {
          // A different run: UI state of the previous one means nothing here.
          this.ui = { ...emptyUiState(), runId: message.snapshot.runId, ...(this.ui.activeView ? { activeView: this.ui.activeView } : {}) };
          this.tree.reset();
          this.save();
        }
        this.feed.acceptSnapshot(message.snapshot, message.seq);
        this.stopResync();
        break;
      case 'deltas': {
        const outcome = this.feed.acceptDeltas(message.runId, message.deltas, message.seq);
        if (outcome === 'missed') this.resync(message.runId);
        if (outcome !== 'applied') return;
        break;
      }
      case 'error':
        this.say(message.message);
        return;
    }
    this.schedule();
  }

  /** Asks the host for the run again, and again until a snapshot arrives: recovery must not hang on one message. */
  private resync(runId: string): void {
    this.say(MISSED_MESSAGE);
    this.root.dataset.resyncs = String(Number(this.root.dataset.resyncs ?? '0') + 1);
    this.host.post({ type: 'resync', runId });
    if (this.resyncTimer !== undefined) clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      if (this.feed.stale === runId) this.resync(runId);
    }, RESYNC_RETRY_MS);
  }

  private stopResync(): void {
    if (this.resyncTimer !== undefined) clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
    if (this.status.textContent === MISSED_MESSAGE) this.say('');
  }

  private select(id: string, fromOutline: boolean): void {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const index = indexTree(snapshot);
    const toggled = new Set(this.ui.outlineToggled);
    // Open the outline down to the selected node so it can be found there.
    for (const ancestor of ancestorsOf(index, id)) {
      if (!isOutlineExpanded(index, ancestor, toggled)) {
        if (toggled.has(ancestor.id)) toggled.delete(ancestor.id);
        else toggled.add(ancestor.id);
      }
    }
    this.revealDetails = true;
    this.changeUi({ selectedId: id, outlineToggled: [...toggled] });
    // A click in the diagram moves focus to the outline item; a keyboard selection in the diagram keeps it there.
    if (!fromOutline && !this.tree.element.contains(document.activeElement)) requestAnimationFrame(() => this.outline.focusItem(id));
  }

  private toggleOutline(id: string, expanded: boolean): void {
    if (thinkingOwner(id) !== undefined) {
      // A thinking item is collapsed by default: listed in outlineToggled while it is open.
      const toggled = new Set(this.ui.outlineToggled);
      if (expanded) toggled.add(id);
      else toggled.delete(id);
      this.changeUi({ outlineToggled: [...toggled] });
      return;
    }
    const snapshot = this.snapshot;
    const node = snapshot ? indexTree(snapshot).byId.get(id) : undefined;
    if (!snapshot || !node) return;
    const index = indexTree(snapshot);
    const toggled = new Set(this.ui.outlineToggled);
    if (isOutlineExpanded(index, node, toggled) !== expanded) {
      if (toggled.has(id)) toggled.delete(id);
      else toggled.add(id);
    }
    this.changeUi({ outlineToggled: [...toggled] });
  }

  private switchView(): void {
    this.changeUi({ activeView: this.currentView() === 'tree' ? 'outline' : 'tree' });
    this.applyViewClass();
  }

  private currentView(): 'tree' | 'outline' {
    return this.ui.activeView ?? (window.innerWidth < NARROW_PX ? 'outline' : 'tree');
  }

  private applyViewClass(): void {
    this.root.classList.toggle('view-tree', this.currentView() === 'tree');
    this.root.classList.toggle('view-outline', this.currentView() === 'outline');
  }

  private changeUi(patch: Partial<UiState>, redraw = true): void {
    this.ui = { ...this.ui, ...patch };
    this.save();
    if (redraw) this.schedule();
  }

  private save(): void {
    this.host.setState(this.ui);
  }

  private say(message: string): void {
    this.status.textContent = message;
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    // Large trees repaint their whole diagram on every change: draw them at most every LARGE_TREE_FRAME_MS.
    const large = (this.snapshot?.nodes.length ?? 0) > LARGE_TREE_NODES;
    const wait = large ? Math.max(0, LARGE_TREE_FRAME_MS - (performance.now() - this.lastRenderAt)) : 0;
    this.frame = -1;
    const draw = (): void => {
      this.frame = requestAnimationFrame(() => {
        this.frame = undefined;
        this.render();
      });
    };
    if (wait > 0) setTimeout(draw, wait);
    else draw();
  }

  private render(): void {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const started = performance.now();
    this.lastRenderAt = started;
    this.root.classList.toggle('large-tree', snapshot.nodes.length > LARGE_TREE_NODES);
    if (snapshot.nodes !== this.thinkingCheckedFor) {
      // The legend's "thought first" entry shows only when some step thought.
      this.thinkingCheckedFor = snapshot.nodes;
      this.root.classList.toggle('has-thinking', snapshot.nodes.some(hasThinking));
    }
    // Writing the same text again would still lay out the header anew.
    if (this.problem.textContent !== snapshot.problem) this.problem.textContent = snapshot.problem;
    this.root.classList.toggle('finished', snapshot.finished);
    const failure = snapshot.error === undefined ? '' : `The run failed: ${snapshot.error} The partial tree is kept; failed steps say why.`;
    // Writing the same message again would lay out the header anew: compare with what was written.
    if (this.failure.dataset.message !== failure) {
      this.failure.dataset.message = failure;
      setTextWithCode(this.failure, failure);
    }
    this.failure.hidden = failure === '';
    this.tree.update(snapshot, this.ui);
    const outlineStarted = performance.now();
    this.outline.update(snapshot, this.ui);
    const panelsStarted = performance.now();
    this.answers.update(snapshot);
    this.budget.update(snapshot);
    this.details.update(snapshot, this.ui.selectedId);
    if (this.revealDetails) {
      this.revealDetails = false;
      this.details.element.scrollIntoView({ block: 'nearest' });
    }
    this.controls.update(snapshot);
    const { index, layout, draw, paint } = this.tree.timings;
    const phases = { index, layout, draw, paint, outline: panelsStarted - outlineStarted, panels: performance.now() - panelsStarted };
    this.renders += 1;
    // For tests and benchmarks: how many frames were drawn, how long the last one took and where that went.
    this.root.dataset.renders = String(this.renders);
    this.root.dataset.nodes = String(snapshot.nodes.length);
    this.root.dataset.lastRenderMs = (performance.now() - started).toFixed(1);
    this.root.dataset.lastRenderPhases = Object.entries(phases).map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ');
  }
}
