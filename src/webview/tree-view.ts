// The tree drawn in SVG: tidy layout, pan and zoom (d3-zoom), fit to view. Elements are kept per node id and
// touched only when their node, position or classes changed; links are one path per style.
import { pointer, select } from 'd3-selection';
import type { ZoomBehavior } from 'd3-zoom';
import { zoom, zoomIdentity, zoomTransform } from 'd3-zoom';
import type { TreeNode, TreeSnapshot } from '../protocol/tree';
import { hasThinking, thinkingSummary } from '../shared/thinking-summary';
import { firstLine } from './dom';
import type { Layout, LaidOutNode } from './layout';
import { LABEL_LIMIT, LABELLED_SPACING_X, layoutTree } from './layout';
import { chosenLeaf, openingCentre } from './opening-frame';
import { SCORE_BANDS, scoreBand, scoreClass } from './score-scale';
import type { CanvasScene } from './tree-canvas';
import { TreeCanvas } from './tree-canvas';
import type { TreeIndex } from './tree-index';
import { indexTree } from './tree-index';
import type { UiState } from './ui-state';

const SVG = 'http://www.w3.org/2000/svg';

export interface TreeViewEvents {
  select(id: string): void;
  expandSiblings(parentId: string): void;
  zoomed(transform: { x: number; y: number; k: number; width: number }): void;
}

/** Trees above this size are laid out again at most every RELAYOUT_MS while they grow. */
const THROTTLE_ABOVE = 1000;
const RELAYOUT_MS = 500;
/** Far enough out to fit 10,000 leaves side by side. */
const MIN_SCALE = 0.002;
/** Below this scale labels are too small to read: they are hidden and the hover card says what a node is. */
const LABEL_MIN_SCALE = 0.6;
/** A labelled tree opens at least this large (labels of about 10 px at 13 px); wider, it opens framed (see openingCentre). */
const OPENING_MIN_SCALE = 0.75;
const OPENING_MAX_SCALE = 1.4;
/** The frame's margin, and the room labels take below the last level. */
const OPENING_MARGIN = 16;
const LABEL_BELOW = 28;

interface Drawn {
  group: SVGElement;
  node: TreeNode | undefined;
  /** Everything drawn except the position, which is updated in place when only it changed. */
  signature: string;
  x: number;
  y: number;
}

export class TreeView {
  readonly element: SVGSVGElement;
  /** Large trees' ordinary nodes and links, drawn under the SVG. */
  readonly backdrop = new TreeCanvas();
  private readonly canvas: SVGGElement;
  private readonly links: Record<'normal' | 'faded' | 'chosen', SVGPathElement>;
  private readonly nodesLayer: SVGGElement;
  private readonly drawn = new Map<string, Drawn>();
  private readonly zoomBehavior: ZoomBehavior<SVGSVGElement, unknown>;
  private layout: Layout | undefined;
  private lastStructure = '';
  private lastLayoutAt = 0;
  private lastDecor = '';
  private relayoutTimer: ReturnType<typeof setTimeout> | undefined;
  /** A large tree's redraw after a new layout, put off to the next frame so no task does both. */
  private deferredDraw: number | undefined;
  private latest: { snapshot: TreeSnapshot; ui: UiState } | undefined;
  private fitted = false;
  /**
   * Whether the person has moved the view of this run (dragged, zoomed, pressed Fit, or brought a node into
   * view from the keyboard). Until they have, the view is only the opening frame a live run set on its root
   * before any answer existed: when the run finishes, it moves to the finished tree's opening frame (on the
   * chosen chain), as if the finished tree had been opened.
   */
  private viewMoved = false;
  private sawFinished = false;
  /**
   * Where the last update's time went, in milliseconds: indexing the snapshot, laying it out, building the
   * SVG and canvas scene (with fitting the view), painting the canvas.
   */
  timings = { index: 0, layout: 0, draw: 0, paint: 0 };
  private size = { width: 0, height: 0 };
  /** The node that takes the diagram's one tab stop (roving tabindex), and whether it should hold focus. */
  private tabStop: string | undefined;
  private keepFocus = false;
  private labelled = false;
  /** What a node is, next to it: on hover, and on keyboard focus. */
  readonly card: HTMLDivElement;

  constructor(private readonly events: TreeViewEvents) {
    this.element = document.createElementNS(SVG, 'svg');
    this.element.setAttribute('class', 'tree-svg');
    this.element.setAttribute('role', 'group');
    this.card = document.createElement('div');
    this.card.className = 'hover-card';
    this.card.hidden = true;
    this.card.setAttribute('aria-hidden', 'true');
    this.canvas = document.createElementNS(SVG, 'g');
    const linkLayer = document.createElementNS(SVG, 'g');
    this.links = { normal: this.path('link'), faded: this.path('link faded'), chosen: this.path('link chosen') };
    linkLayer.append(this.links.normal, this.links.faded, this.links.chosen);
    this.nodesLayer = document.createElementNS(SVG, 'g');
    this.canvas.append(linkLayer, this.nodesLayer);
    this.element.append(this.canvas);
    this.zoomBehavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_SCALE, 4])
      .on('start', (event: { sourceEvent: unknown }) => {
        // Only a gesture has a source event; the view's own moves (opening frame, resize) have none.
        if (event.sourceEvent) this.viewMoved = true;
      })
      .on('zoom', (event: { transform: { x: number; y: number; k: number; toString(): string } }) => {
        this.canvas.setAttribute('transform', event.transform.toString());
        const { x, y, k } = event.transform;
        this.backdrop.setTransform({ x, y, k });
        // Far out, nodes are drawn as fixed-size dots in their score colour so the overview stays readable.
        this.element.classList.toggle('zoomed-out', event.transform.k < 0.3);
        this.element.classList.toggle('labels-hidden', event.transform.k < LABEL_MIN_SCALE);
        this.card.hidden = true;
      })
      .on('end', (event: { transform: { x: number; y: number; k: number } }) => {
        const { x, y, k } = event.transform;
        this.events.zoomed({ x, y, k, width: this.element.clientWidth });
      });
    select(this.element).call(this.zoomBehavior).on('dblclick.zoom', null);
    this.keepCentreOnResize();
    this.element.addEventListener('click', (event) => this.onClick(event));
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('pointerover', (event) => {
      const target = event.target instanceof Element ? event.target.closest<SVGElement>('[data-id]') : null;
      if (target?.dataset.id) this.showCard(target.dataset.id, target);
    });
    this.element.addEventListener('pointerleave', () => (this.card.hidden = true));
    this.element.addEventListener('focusout', () => {
      // Checked after the event: a redraw replaces the focused node's element and gives focus to the new one.
      setTimeout(() => {
        if (this.element.contains(document.activeElement)) return;
        this.keepFocus = false;
        this.card.hidden = true;
      }, 0);
    });
  }

  /**
   * Draws `snapshot`; cheap when nothing the tree shows has changed. A change of shape (nodes added, siblings
   * unfolded) lays the tree out again, at most every RELAYOUT_MS in large trees; in between, changed nodes are
   * redrawn where they stand and new ones wait for the next layout.
   */
  update(snapshot: TreeSnapshot, ui: UiState): void {
    this.latest = { snapshot, ui };
    // The run finished since the last update, and the view was framed before it: frame it again, finished.
    // Not while the diagram is hidden (the outline shown instead): it has no size to frame for.
    const reframe = snapshot.finished && !this.sawFinished && this.fitted && !this.viewMoved && this.element.clientWidth > 0;
    this.sawFinished = snapshot.finished;
    // Read the size before changing the DOM, so the browser need not lay out the new nodes twice.
    if (!this.fitted || reframe) this.size = { width: this.element.clientWidth, height: this.element.clientHeight };
    const started = performance.now();
    const index = indexTree(snapshot);
    const indexed = performance.now();
    this.timings = { index: indexed - started, layout: 0, draw: 0, paint: 0 };
    const structure = `${snapshot.nodes.length}\n${ui.siblingsExpanded.join('\n')}`;
    const sinceLayout = performance.now() - this.lastLayoutAt;
    const throttled = this.layout !== undefined && snapshot.nodes.length > THROTTLE_ABOVE && sinceLayout < RELAYOUT_MS && !snapshot.finished;
    let relaidOut = false;
    if ((structure !== this.lastStructure && !throttled) || reframe) {
      relaidOut = true;
      const width = this.size.width || this.element.clientWidth;
      const aspect = width > 0 ? (this.size.height || this.element.clientHeight) / width : 0;
      const height = this.size.height || this.element.clientHeight;
      // A labelled tree opens at a legible scale at least: at that scale its levels must fit the panel.
      const maxHeight = snapshot.nodes.length <= LABEL_LIMIT && height > 0 ? (height - OPENING_MARGIN * 2 - LABEL_BELOW) / OPENING_MIN_SCALE : Infinity;
      // A growing tree keeps the level spacing it opened with (its levels do not jump as new ones arrive); the
      // finished tree being framed afresh is laid out afresh too, as if it had been opened finished: spacing
      // chosen while it had one level would stretch it far below the panel.
      this.layout = layoutTree(index, new Set(ui.siblingsExpanded), aspect, this.fitted && !reframe ? this.layout?.levelSpacing : undefined, maxHeight);
      this.lastStructure = structure;
      this.lastLayoutAt = performance.now();
      this.timings.layout = this.lastLayoutAt - indexed;
      this.element.setAttribute('aria-label', `Reasoning tree diagram with ${snapshot.nodes.length} nodes; the outline lists the same steps for the keyboard.`);
    } else if (this.layout) {
      if (structure !== this.lastStructure) this.scheduleRelayout(RELAYOUT_MS - sinceLayout);
      for (const item of this.layout.nodes) if (item.node) item.node = index.byId.get(item.key) ?? item.node;
    }
    if (this.deferredDraw !== undefined) cancelAnimationFrame(this.deferredDraw);
    this.deferredDraw = undefined;
    if (relaidOut && this.fitted && snapshot.nodes.length > THROTTLE_ABOVE) {
      // Laying out thousands of nodes and redrawing them would make one long task: draw in the next frame.
      this.deferredDraw = requestAnimationFrame(() => {
        this.deferredDraw = undefined;
        const latest = this.latest;
        if (!latest || !this.layout) return;
        this.draw(this.layout, indexTree(latest.snapshot), latest.ui.selectedId);
        if (reframe) this.measureAndFit(true);
        this.backdrop.flush();
      });
      return;
    }
    const drawStarted = performance.now();
    if (this.layout) this.draw(this.layout, index, ui.selectedId);
    if (!this.fitted) {
      this.fitted = true;
      // Saved at another width (the panel moved or was resized while closed): keep what was in the middle.
      if (ui.zoom) this.setTransform(ui.zoom.x + (ui.zoom.width && this.size.width ? (this.size.width - ui.zoom.width) / 2 : 0), ui.zoom.y, ui.zoom.k);
      else this.fitToSize(true);
      this.backdrop.measure();
    } else if (reframe) {
      this.measureAndFit(true);
    }
    const paintStarted = performance.now();
    this.backdrop.flush();
    this.timings.draw = paintStarted - drawStarted;
    this.timings.paint = performance.now() - paintStarted;
  }

  private scheduleRelayout(delayMs: number): void {
    if (this.relayoutTimer !== undefined) return;
    this.relayoutTimer = setTimeout(() => {
      this.relayoutTimer = undefined;
      if (this.latest) this.update(this.latest.snapshot, this.latest.ui);
    }, Math.max(0, delayMs));
  }

  /**
   * A panel made narrower or wider keeps what was in the middle of the view in the middle: the transform is
   * in pixels from the top left, so without this a narrower panel cuts off the right of what was shown. A
   * hidden pane (the outline showing instead) has no width; the width it last had when shown is the one kept.
   */
  private keepCentreOnResize(): void {
    let shownWidth = 0;
    new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width ?? 0;
      if (width <= 0) return;
      const before = shownWidth;
      shownWidth = width;
      if (!this.fitted || before <= 0 || Math.abs(width - before) < 0.5) return;
      const { x, y, k } = zoomTransform(this.element);
      this.setTransform(x + (width - before) / 2, y, k);
    }).observe(this.element);
  }

  /** Scales and centres the whole tree in the panel (the Fit button): the person's choice of view. */
  fit(): void {
    this.viewMoved = true;
    this.measureAndFit(false);
  }

  private measureAndFit(opening: boolean): void {
    this.size = { width: this.element.clientWidth, height: this.element.clientHeight };
    this.fitToSize(opening);
  }

  /**
   * Fits to the size measured before the last change (measuring now would force a layout of every node),
   * labels included. The opening frame of a labelled tree keeps its labels legible: a tree too wide for that
   * opens at OPENING_MIN_SCALE framed on its root or, once an answer is chosen, on the chosen chain
   * (openingCentre), and Fit shows the whole of it.
   */
  private fitToSize(opening = false): void {
    const layout = this.layout;
    const bounds = layout?.bounds;
    const width = this.size.width || 600;
    const height = this.size.height || 400;
    if (!layout || !bounds || !Number.isFinite(bounds.minX)) return;
    const labelled = layout.nodes.length <= LABEL_LIMIT;
    // Labels are centred under their node and as wide as the node spacing; they hang below the last level.
    const halfLabel = labelled ? LABELLED_SPACING_X / 2 : 0;
    const box = { minX: bounds.minX - halfLabel, maxX: bounds.maxX + halfLabel, minY: bounds.minY - 12, maxY: bounds.maxY + (labelled ? LABEL_BELOW : 12) };
    const margin = OPENING_MARGIN;
    const fitted = Math.min((width - margin * 2) / (box.maxX - box.minX), (height - margin * 2) / (box.maxY - box.minY));
    let k = Math.min(opening ? OPENING_MAX_SCALE : 2, Math.max(MIN_SCALE, fitted));
    let centreX = (box.minX + box.maxX) / 2;
    if (opening && labelled && k < OPENING_MIN_SCALE) {
      k = OPENING_MIN_SCALE;
      const root = layout.nodes[0];
      if (root && (box.maxX - box.minX) * k > width) {
        // In layout units: half the view, and the margin kept beside the outermost labels.
        const half = width / 2 / k;
        const edge = margin / k;
        centreX = openingCentre(root.x, chosenLeaf(layout)?.x, half, halfLabel + edge);
        centreX = Math.min(Math.max(centreX, box.minX - edge + half), box.maxX + edge - half);
      }
    }
    const x = width / 2 - centreX * k;
    const y = margin - box.minY * k;
    this.setTransform(x, y, k);
  }

  /** Forgets the fitted view and the layout, so the next run starts afresh. */
  reset(): void {
    this.fitted = false;
    this.viewMoved = false;
    this.sawFinished = false;
    this.layout = undefined;
    this.lastStructure = '';
  }

  private setTransform(x: number, y: number, k: number): void {
    select(this.element).call(this.zoomBehavior.transform.bind(this.zoomBehavior), zoomIdentity.translate(x, y).scale(k));
  }

  private draw(layout: Layout, index: TreeIndex, selectedId: string | undefined): void {
    // Labels only while they can be read; the outline has every text.
    const labelled = index.nodes.length <= LABEL_LIMIT;
    const stale = new Set(this.drawn.keys());
    const fresh = document.createDocumentFragment();
    // Selection, the chosen chain and pruning restyle nodes whose data did not change.
    const decor = `${selectedId ?? ''}|${[...index.chosenChain].join(',')}|${index.faded.size}|${labelled}`;
    const sameDecor = decor === this.lastDecor;
    this.lastDecor = decor;
    // Canvas dots grouped by score band and fading: slot band * 2 + faded (the unscored band last).
    const dotGroups: (CanvasScene['dots'][number] | undefined)[] = [];
    for (const item of layout.nodes) {
      if (!labelled && item.node && !isHighlighted(item.node, index, selectedId)) {
        // Large trees: ordinary nodes are painted on the canvas, grouped by colour.
        const faded = index.faded.has(item.node.id);
        const slot = (scoreBand(item.node.score) ?? SCORE_BANDS.length) * 2 + (faded ? 1 : 0);
        const group = dotGroups[slot];
        if (group) group.items.push(item);
        else dotGroups[slot] = { scoreClass: scoreClass(item.node.score), faded, items: [item] };
        continue;
      }
      stale.delete(item.key);
      const known = this.drawn.get(item.key);
      // Unchanged node objects (structural sharing) at the same place need no work at all.
      if (sameDecor && known && known.node === item.node && known.x === item.x && known.y === item.y && item.node) continue;
      const signature = this.signature(item, index, selectedId, labelled);
      const existing = this.drawn.get(item.key);
      if (existing?.signature === signature) {
        if (existing.x !== item.x || existing.y !== item.y) this.move(existing, item);
        existing.node = item.node;
        continue;
      }
      const group = this.render(item, index, selectedId, labelled);
      if (existing) existing.group.replaceWith(group);
      else fresh.append(group);
      this.drawn.set(item.key, { group, node: item.node, signature, x: item.x, y: item.y });
    }
    this.nodesLayer.append(fresh);
    for (const key of stale) {
      this.drawn.get(key)?.group.remove();
      this.drawn.delete(key);
    }
    this.labelled = labelled;
    if (labelled) this.ensureTabStop(index, selectedId);
    const paths = { normal: [] as string[], faded: [] as string[], chosen: [] as string[] };
    const canvasLinks = { normal: [] as LaidOutNode[], faded: [] as LaidOutNode[] };
    for (const item of layout.nodes) {
      const parent = item.parent;
      if (!parent) continue;
      const onChain = item.node !== undefined && index.chosenChain.has(item.node.id) && parent.node !== undefined && index.chosenChain.has(parent.node.id);
      if (!labelled && !onChain) {
        canvasLinks[item.node && index.faded.has(item.node.id) ? 'faded' : 'normal'].push(item);
        continue;
      }
      const midY = (parent.y + item.y) / 2;
      // Straight links in large trees: far cheaper to rasterise, and curves are not visible that far out.
      const d = labelled ? `M${parent.x},${parent.y}C${parent.x},${midY} ${item.x},${midY} ${item.x},${item.y}` : `M${parent.x},${parent.y}L${item.x},${item.y}`;
      if (onChain) paths.chosen.push(d);
      else if (item.node ? index.faded.has(item.node.id) : false) paths.faded.push(d);
      else paths.normal.push(d);
    }
    this.links.normal.setAttribute('d', paths.normal.join(''));
    this.links.faded.setAttribute('d', paths.faded.join(''));
    this.links.chosen.setAttribute('d', paths.chosen.join(''));
    const dots = dotGroups.filter((group) => group !== undefined);
    this.backdrop.setScene(labelled ? undefined : { dots, links: [{ faded: false, children: canvasLinks.normal }, { faded: true, children: canvasLinks.faded }] });
  }

  private signature(item: LaidOutNode, index: TreeIndex, selectedId: string | undefined, labelled: boolean): string {
    const node = item.node;
    const id = node?.id ?? '';
    // Thinking counts arrive in a patch after the text: they change the node's ring and its accessible name.
    const thought = node && hasThinking(node) ? `${node.thinkingTokens ?? ''}/${node.thinkingEnding ?? ''}` : '';
    return [labelled && node ? `${item.x},${item.y}` : '', item.hidden ?? '', node?.status, node?.score, node?.text.length, index.chosenChain.has(id), index.faded.has(id), selectedId === id, labelled, this.tabStop === id, thought].join('|');
  }

  /**
   * One element per node in large trees (a circle or a square, no group, no tooltip), so 5,000 nodes stay
   * cheap to create; small trees get a group with a label and a tooltip.
   */
  private render(item: LaidOutNode, index: TreeIndex, selectedId: string | undefined, labelled: boolean): SVGElement {
    const node = item.node;
    if (!node) {
      const text = document.createElementNS(SVG, 'text');
      text.setAttribute('class', 'tree-more');
      text.setAttribute('x', String(item.x));
      text.setAttribute('y', String(item.y));
      text.setAttribute('dy', '0.35em');
      text.setAttribute('text-anchor', 'middle');
      text.dataset.more = item.moreOf ?? '';
      text.textContent = `+${item.hidden ?? 0} more`;
      return text;
    }
    let classes = `tree-node kind-${node.kind} status-${node.status} ${scoreClass(node.score)}`;
    if (index.chosenChain.has(node.id)) classes += ' on-chain';
    if (index.faded.has(node.id)) classes += ' faded';
    if (selectedId === node.id) classes += ' selected';
    const mark = document.createElementNS(SVG, node.kind === 'answer' ? 'rect' : 'circle');
    if (node.kind === 'answer') {
      mark.setAttribute('x', String(item.x - 7));
      mark.setAttribute('y', String(item.y - 7));
      mark.setAttribute('width', '14');
      mark.setAttribute('height', '14');
      mark.setAttribute('rx', '3');
    } else {
      mark.setAttribute('cx', String(item.x));
      mark.setAttribute('cy', String(item.y));
      mark.setAttribute('r', node.kind === 'problem' ? '9' : '6');
    }
    if (!labelled) {
      mark.setAttribute('class', `${classes} mark`);
      mark.dataset.id = node.id;
      return mark;
    }
    mark.setAttribute('class', 'mark');
    const group = document.createElementNS(SVG, 'g');
    group.setAttribute('class', classes);
    group.dataset.id = node.id;
    // Reachable from the keyboard: one tab stop, arrows move between nodes, Enter selects.
    group.setAttribute('tabindex', this.tabStop === node.id ? '0' : '-1');
    group.setAttribute('role', 'button');
    group.setAttribute('aria-label', describe(node));
    if (selectedId === node.id) group.setAttribute('aria-pressed', 'true');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${node.kind}: ${firstLine(node.text, 120)}`;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(item.x));
    label.setAttribute('y', String(item.y + 20));
    label.setAttribute('text-anchor', 'middle');
    label.setAttribute('class', 'tree-label');
    label.textContent = node.kind === 'problem' ? 'Problem' : firstLine(node.kind === 'answer' ? (node.answer ?? node.text) : node.text, 16);
    group.append(title, mark, label);
    if (hasThinking(node)) {
      // A small ring at the node's upper right: the model thought before writing it (the outline holds the trace).
      const thought = document.createElementNS(SVG, 'circle');
      thought.setAttribute('cx', String(item.x + 8));
      thought.setAttribute('cy', String(item.y - 8));
      thought.setAttribute('r', '3');
      thought.setAttribute('class', 'thought-mark');
      group.append(thought);
    }
    return group;
  }

  /** Keeps one labelled node focusable (the selected one, else the root) and gives focus back after a redraw. */
  private ensureTabStop(index: TreeIndex, selectedId: string | undefined): void {
    const wanted = this.tabStop !== undefined && this.drawn.has(this.tabStop) ? this.tabStop : selectedId !== undefined && this.drawn.has(selectedId) ? selectedId : index.root?.id;
    if (wanted !== undefined && wanted !== this.tabStop) this.moveTabStop(wanted);
    const element = this.tabStop === undefined ? undefined : this.drawn.get(this.tabStop)?.group;
    if (this.keepFocus && element && document.activeElement !== element) element.focus({ preventScroll: true });
  }

  private moveTabStop(id: string): void {
    if (this.tabStop !== undefined) this.drawn.get(this.tabStop)?.group.setAttribute('tabindex', '-1');
    this.tabStop = id;
    const drawn = this.drawn.get(id);
    drawn?.group.setAttribute('tabindex', '0');
    // The signature records the tab stop: keep it true so the next draw does not rebuild the node for it.
    if (drawn) drawn.signature = drawn.signature.replace(/\|(true|false)$/, '|true');
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target instanceof Element ? event.target.closest<SVGElement>('[data-id]') : null;
    const id = target?.dataset.id;
    const layout = this.layout;
    if (!id || !layout || !this.labelled) return;
    const item = layout.nodes.find((candidate) => candidate.node?.id === id);
    if (!item) return;
    const siblings = layout.nodes.filter((candidate) => candidate.parent === item.parent && candidate.node);
    const at = siblings.indexOf(item);
    let next: LaidOutNode | undefined;
    switch (event.key) {
      case 'ArrowUp':
        next = item.parent;
        break;
      case 'ArrowDown':
        next = layout.nodes.find((candidate) => candidate.parent === item && candidate.node);
        break;
      case 'ArrowLeft':
        next = siblings[at - 1];
        break;
      case 'ArrowRight':
        next = siblings[at + 1];
        break;
      case 'Home':
        next = layout.nodes[0];
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.keepFocus = true;
        this.events.select(id);
        return;
      default:
        return;
    }
    event.preventDefault();
    if (next?.node) this.focusNode(next.node.id);
  }

  /** Moves keyboard focus to a node, panning it into view, and shows its card. */
  focusNode(id: string): void {
    const drawn = this.drawn.get(id);
    if (!drawn) return;
    this.moveTabStop(id);
    this.keepFocus = true;
    drawn.group.focus({ preventScroll: true });
    const transform = zoomTransform(this.element);
    const [sx, sy] = transform.apply([drawn.x, drawn.y]);
    const width = this.element.clientWidth;
    const height = this.element.clientHeight;
    const pad = 60;
    if (sx < pad || sx > width - pad || sy < pad || sy > height - pad) {
      this.viewMoved = true;
      this.setTransform(width / 2 - drawn.x * transform.k, height / 2 - drawn.y * transform.k, transform.k);
    }
    this.showCard(id, drawn.group);
  }

  private showCard(id: string, anchor: Element): void {
    const node = this.latest?.snapshot.nodes.find((candidate) => candidate.id === id);
    if (!node) return;
    const score = node.score === undefined ? '' : ` · score ${node.score.toFixed(2)}`;
    const head = document.createElement('strong');
    head.textContent = `${node.kind === 'answer' ? `Answer ${firstLine(node.answer ?? node.text, 40)}` : node.kind}${score}`;
    const body = document.createElement('span');
    body.textContent = firstLine(node.text, 160);
    this.card.replaceChildren(head, body);
    if (hasThinking(node)) {
      const thinking = document.createElement('span');
      thinking.className = 'card-thinking';
      thinking.textContent = thinkingSummary(node);
      this.card.append(thinking);
    }
    const stage = this.element.getBoundingClientRect();
    const box = anchor.getBoundingClientRect();
    const left = Math.max(4, Math.min(box.left - stage.left + box.width / 2 - 120, stage.width - 248));
    const below = box.bottom - stage.top + 6;
    const top = below + 80 > stage.height ? Math.max(4, box.top - stage.top - 86) : below;
    this.card.style.setProperty('--card-x', `${left}px`);
    this.card.style.setProperty('--card-y', `${top}px`);
    this.card.hidden = false;
  }

  /** A click on a canvas-drawn node selects the nearest node within a few pixels. */
  private selectNearest(event: MouseEvent): void {
    if (!this.layout) return;
    const transform = zoomTransform(this.element);
    const [x, y] = transform.invert(pointer(event, this.element));
    let best: LaidOutNode | undefined;
    let bestDistance = (12 / transform.k) ** 2;
    for (const item of this.layout.nodes) {
      const distance = (item.x - x) ** 2 + (item.y - y) ** 2;
      if (item.node && distance < bestDistance) {
        best = item;
        bestDistance = distance;
      }
    }
    if (best?.node) this.events.select(best.node.id);
  }

  /** Moves an unlabelled mark or a "+k more" text (labelled nodes carry their position in the signature). */
  private move(drawn: Drawn, item: LaidOutNode): void {
    const element = drawn.group;
    if (element.tagName === 'circle') {
      element.setAttribute('cx', String(item.x));
      element.setAttribute('cy', String(item.y));
    } else if (element.tagName === 'rect') {
      element.setAttribute('x', String(item.x - 7));
      element.setAttribute('y', String(item.y - 7));
    } else {
      element.setAttribute('x', String(item.x));
      element.setAttribute('y', String(item.y));
    }
    drawn.x = item.x;
    drawn.y = item.y;
    drawn.node = item.node;
  }

  private path(className: string): SVGPathElement {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('class', className);
    return path;
  }

  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target.closest<SVGElement>('[data-id], [data-more]') : null;
    if (!target) {
      this.selectNearest(event);
      return;
    }
    if (target.dataset.id !== undefined) this.events.select(target.dataset.id);
    else if (target.dataset.more !== undefined) this.events.expandSiblings(target.dataset.more);
  }
}

/** A node as a screen reader announces it. */
function describe(node: TreeNode): string {
  const what = node.kind === 'answer' ? `Answer ${firstLine(node.answer ?? node.text, 60)}` : node.kind === 'problem' ? 'Problem' : `Step: ${firstLine(node.text, 80)}`;
  const score = node.score === undefined ? '' : `, score ${node.score.toFixed(2)}`;
  const thinking = hasThinking(node) ? `, ${thinkingSummary(node).replace(/^Thinking/, 'thought')}` : '';
  return `${what}${score}, ${node.status}${thinking}`;
}

/** Nodes drawn as their own element even in large trees: the chosen chain, the selection, streaming ones. */
function isHighlighted(node: TreeNode, index: TreeIndex, selectedId: string | undefined): boolean {
  return node.status === 'streaming' || node.id === selectedId || index.chosenChain.has(node.id);
}

