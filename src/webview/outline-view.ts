// The tree as an accessible outline (WAI-ARIA tree pattern, flat items with aria-level): arrows move and
// expand, Home/End jump, Enter selects. Items are reused per node id and updated only when their node changed.
// A node whose generation thought gets a "Thinking" item as its first child, collapsed by default and labelled
// with the trace's length and how it ended; expanding it (Right, Enter, or a click) shows the trace as text.
import type { TreeNode, TreeSnapshot } from '../protocol/tree';
import { hasThinking, thinkingSummary } from '../shared/thinking-summary';
import { el, firstLine, formatInteger, icon } from './dom';
import { formatScore, scoreClass } from './score-scale';
import type { TreeIndex } from './tree-index';
import { indexTree } from './tree-index';
import type { UiState } from './ui-state';

export interface OutlineEvents {
  select(id: string): void;
  toggle(id: string, expanded: boolean): void;
}

interface Item {
  element: HTMLDivElement;
  node: TreeNode;
  signature: string;
}

/** A row of the outline: a node, the "Thinking" item under it, or that item's trace once expanded. */
interface Entry {
  readonly key: string;
  readonly role: 'node' | 'thinking' | 'trace';
  readonly node: TreeNode;
}

/** The outline key of a node's thinking item; its trace row is keyed `${key}:trace`. */
export function thinkingKey(nodeId: string): string {
  return `${nodeId}#thinking`;
}

/** The node whose thinking item `key` is, or undefined for a node's own key. */
export function thinkingOwner(key: string): string | undefined {
  return key.endsWith('#thinking') ? key.slice(0, -'#thinking'.length) : undefined;
}

/** Whether an outline node is expanded: by default the first levels and the chosen chain are open. */
export function isOutlineExpanded(index: TreeIndex, node: TreeNode, toggled: ReadonlySet<string>): boolean {
  const byDefault = node.depth < 2 || index.chosenChain.has(node.id);
  return toggled.has(node.id) ? !byDefault : byDefault;
}

/** A thinking item is collapsed by default: a trace is long, and most people read the steps first. */
export function isThinkingExpanded(nodeId: string, toggled: ReadonlySet<string>): boolean {
  return toggled.has(thinkingKey(nodeId));
}

const KIND_ICON: Record<TreeNode['kind'], string> = {
  problem: 'question',
  step: 'debug-step-over',
  answer: 'check-all',
  revision: 'edit',
  verification: 'verified',
  decision: 'lightbulb',
};

export class OutlineView {
  readonly element: HTMLDivElement;
  private readonly items = new Map<string, Item>();
  private order: string[] = [];
  private focusedId: string | undefined;
  private lastKey = '';

  constructor(private readonly events: OutlineEvents) {
    this.element = el('div', { role: 'tree', class: 'outline', 'aria-label': 'Reasoning steps' });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
    // Focus can arrive without the arrows (a screen reader's cursor, a script): the keys then act on that item.
    this.element.addEventListener('focusin', (event) => {
      const id = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('[role=treeitem]')?.dataset.id : undefined;
      if (id !== undefined && id !== this.focusedId && this.items.has(id)) this.moveFocus(id);
    });
  }

  update(snapshot: TreeSnapshot, ui: UiState): void {
    const index = indexTree(snapshot);
    const toggled = new Set(ui.outlineToggled);
    const key = `${ui.selectedId ?? ''}\n${ui.outlineToggled.join(',')}`;
    if (index.nodes === this.lastNodes && key === this.lastKey) return;
    this.lastNodes = index.nodes;
    this.lastKey = key;
    const visible = visibleEntries(index, toggled);
    if (this.focusedId === undefined || !visible.some((entry) => entry.key === this.focusedId)) {
      this.focusedId = ui.selectedId !== undefined && visible.some((entry) => entry.key === ui.selectedId) ? ui.selectedId : visible[0]?.key;
    }
    const stale = new Set(this.items.keys());
    const ordered: HTMLDivElement[] = [];
    for (const entry of visible) {
      const { node, key } = entry;
      stale.delete(key);
      let signature: string;
      let fill: (element: HTMLDivElement) => void;
      if (entry.role === 'node') {
        const hasChildren = hasThinking(node) || (index.children.get(node.id)?.length ?? 0) > 0;
        const expanded = hasChildren && isOutlineExpanded(index, node, toggled);
        signature = [node.status, node.score, node.text.length, node.answer, hasChildren, expanded, ui.selectedId === node.id, this.focusedId === node.id, index.chosenChain.has(node.id), index.faded.has(node.id)].join('|');
        fill = (element) => this.fill(element, node, index, hasChildren, expanded, ui.selectedId === node.id);
      } else {
        const expanded = isThinkingExpanded(node.id, toggled);
        signature = [entry.role, node.thinking?.length, node.thinkingTokens, node.thinkingBudget, node.thinkingEnding, node.thinkingExtensions, node.thinkingLimit, expanded, this.focusedId === key].join('|');
        fill = (element) => (entry.role === 'thinking' ? this.fillThinking(element, node, expanded) : this.fillTrace(element, node));
      }
      let item = this.items.get(key);
      if (!item || item.node !== node || item.signature !== signature) {
        const element = item?.element ?? el('div', { role: 'treeitem' });
        fill(element);
        item = { element, node, signature };
        this.items.set(key, item);
      }
      ordered.push(item.element);
    }
    for (const id of stale) {
      this.items.get(id)?.element.remove();
      this.items.delete(id);
    }
    // Reorder only when the sequence changed, so untouched items are not moved.
    const order = visible.map((entry) => entry.key);
    if (order.join('\n') !== this.order.join('\n')) {
      // Moving the items drops keyboard focus; give it back to the item that had it.
      const hadFocus = this.element.contains(document.activeElement);
      this.element.replaceChildren(...ordered);
      if (hadFocus && this.focusedId !== undefined) this.items.get(this.focusedId)?.element.focus();
    }
    this.order = order;
  }

  private lastNodes: unknown;

  /** Moves keyboard focus to the selected item (used when selection comes from the diagram). */
  focusItem(id: string): void {
    this.items.get(id)?.element.focus();
  }

  private fill(element: HTMLDivElement, node: TreeNode, index: TreeIndex, hasChildren: boolean, expanded: boolean, selected: boolean): void {
    element.dataset.id = node.id;
    element.setAttribute('aria-level', String(node.depth + 1));
    element.setAttribute('aria-selected', String(selected));
    if (hasChildren) element.setAttribute('aria-expanded', String(expanded));
    else element.removeAttribute('aria-expanded');
    element.tabIndex = node.id === this.focusedId ? 0 : -1;
    const classes = ['outline-item', `status-${node.status}`];
    if (index.chosenChain.has(node.id)) classes.push('on-chain');
    if (index.faded.has(node.id)) classes.push('faded');
    if (selected) classes.push('selected');
    element.className = classes.join(' ');
    element.style.setProperty('--level', String(node.depth));
    const twisty = hasChildren ? icon(expanded ? 'chevron-down' : 'chevron-right') : el('span', { class: 'twisty-space', 'aria-hidden': 'true' });
    const text = node.kind === 'answer' ? `Answer: ${node.answer === undefined ? firstLine(node.text, 80) : firstLine(node.answer, 80)}` : firstLine(node.text, 120) || `(${node.kind})`;
    const badge = el('span', { class: `score-badge ${scoreClass(node.score)}` }, formatScore(node.score));
    const extras: (Node | string)[] = [];
    if (node.status === 'pruned' || node.status === 'failed' || node.status === 'streaming') extras.push(el('span', { class: 'status-tag' }, node.status));
    if (index.chosenChain.has(node.id)) extras.push(el('span', { class: 'status-tag chosen-tag' }, 'chosen'));
    element.replaceChildren(twisty, icon(KIND_ICON[node.kind]), el('span', { class: 'outline-text' }, text), ...extras, badge);
  }

  /** The "Thinking" item: its summary (length, how it ended) as its name, collapsed until asked. */
  private fillThinking(element: HTMLDivElement, node: TreeNode, expanded: boolean): void {
    const key = thinkingKey(node.id);
    element.dataset.id = key;
    element.dataset.thinkingOf = node.id;
    element.setAttribute('aria-level', String(node.depth + 2));
    element.setAttribute('aria-selected', 'false');
    element.setAttribute('aria-expanded', String(expanded));
    element.tabIndex = key === this.focusedId ? 0 : -1;
    element.className = 'outline-item outline-thinking';
    element.style.setProperty('--level', String(node.depth + 1));
    // While the trace streams its tokens are not counted yet: say how much has come so far.
    const streaming = node.status === 'streaming' && node.thinkingTokens === undefined;
    const summary = streaming ? `Thinking… ${formatInteger(node.thinking?.length ?? 0)} characters so far` : thinkingSummary(node);
    // The summary is cut to one line in a narrow outline: the whole of it shows on hover.
    element.title = summary;
    element.replaceChildren(
      icon(expanded ? 'chevron-down' : 'chevron-right'),
      icon('thinking'),
      el('span', { class: 'outline-text' }, summary),
      // The tag repeats the summary's ending for the eye (the summary is cut short in a narrow outline).
      ...(node.thinkingEnding === 'cut' || node.thinkingEnding === 'stopped' || node.thinkingEnding === 'extended'
        ? [el('span', { class: `status-tag thinking-${node.thinkingEnding}`, 'aria-hidden': 'true' }, node.thinkingEnding)]
        : []),
    );
  }

  /** The trace itself, as text (model output: text nodes only, never HTML). */
  private fillTrace(element: HTMLDivElement, node: TreeNode): void {
    const key = `${thinkingKey(node.id)}:trace`;
    element.dataset.id = key;
    element.dataset.thinkingOf = node.id;
    element.setAttribute('aria-level', String(node.depth + 3));
    element.setAttribute('aria-selected', 'false');
    element.removeAttribute('aria-expanded');
    element.tabIndex = key === this.focusedId ? 0 : -1;
    element.className = 'outline-item outline-trace';
    element.style.setProperty('--level', String(node.depth + 2));
    const trace = typeof node.thinking === 'string' ? node.thinking : '';
    element.replaceChildren(el('span', { class: 'trace-text' }, trace === '' ? 'The trace was not kept (only its length was counted).' : trace));
  }

  private onClick(event: MouseEvent): void {
    const item = event.target instanceof Element ? event.target.closest<HTMLDivElement>('[role=treeitem]') : null;
    const id = item?.dataset.id;
    if (!item || id === undefined) return;
    this.focusedId = id;
    const owner = item.dataset.thinkingOf;
    if (owner !== undefined) {
      // The thinking item is a disclosure: a click anywhere on it opens or closes the trace; a click on the
      // trace selects its step.
      if (thinkingOwner(id) !== undefined) this.events.toggle(id, item.getAttribute('aria-expanded') !== 'true');
      else this.events.select(owner);
      return;
    }
    if (event.target instanceof Element && event.target.closest('.codicon-chevron-down, .codicon-chevron-right')) {
      this.events.toggle(id, item.getAttribute('aria-expanded') !== 'true');
    }
    this.events.select(id);
  }

  private onKey(event: KeyboardEvent): void {
    const current = this.focusedId === undefined ? -1 : this.order.indexOf(this.focusedId);
    const item = this.focusedId === undefined ? undefined : this.items.get(this.focusedId);
    const expanded = item?.element.getAttribute('aria-expanded');
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown': next = Math.min(this.order.length - 1, current + 1); break;
      case 'ArrowUp': next = Math.max(0, current - 1); break;
      case 'Home': next = 0; break;
      case 'End': next = this.order.length - 1; break;
      case 'ArrowRight':
        if (expanded === 'false' && this.focusedId !== undefined) this.events.toggle(this.focusedId, true);
        else if (expanded === 'true') next = current + 1;
        break;
      case 'ArrowLeft':
        if (expanded === 'true' && this.focusedId !== undefined) this.events.toggle(this.focusedId, false);
        else if (item) next = this.parentPosition(item);
        break;
      case 'Enter':
      case ' ':
        if (this.focusedId === undefined) break;
        // On a thinking item Enter opens or closes the trace; on the trace it selects the step it belongs to.
        if (item?.element.dataset.thinkingOf === undefined) this.events.select(this.focusedId);
        else if (thinkingOwner(this.focusedId) !== undefined) this.events.toggle(this.focusedId, expanded !== 'true');
        else this.events.select(item.element.dataset.thinkingOf);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next === undefined || next < 0) return;
    const id = this.order[next];
    if (id === undefined) return;
    this.moveFocus(id);
  }

  /** The row above in the tree: a trace's thinking item, a thinking item's node, a node's parent. */
  private parentPosition(item: Item): number | undefined {
    const key = item.element.dataset.id ?? '';
    if (item.element.dataset.thinkingOf !== undefined) {
      return this.order.indexOf(thinkingOwner(key) !== undefined ? item.node.id : thinkingKey(item.node.id));
    }
    return item.node.parentId === null ? undefined : this.order.indexOf(item.node.parentId);
  }

  private moveFocus(id: string): void {
    const previous = this.focusedId === undefined ? undefined : this.items.get(this.focusedId);
    if (previous) previous.element.tabIndex = -1;
    this.focusedId = id;
    const item = this.items.get(id);
    if (!item) return;
    item.element.tabIndex = 0;
    item.element.focus();
  }
}

function visibleEntries(index: TreeIndex, toggled: ReadonlySet<string>): Entry[] {
  const result: Entry[] = [];
  if (!index.root) return result;
  const stack: TreeNode[] = [index.root];
  const seen = new Set<string>();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    result.push({ key: node.id, role: 'node', node });
    if (!isOutlineExpanded(index, node, toggled)) continue;
    if (hasThinking(node)) {
      const key = thinkingKey(node.id);
      result.push({ key, role: 'thinking', node });
      if (isThinkingExpanded(node.id, toggled)) result.push({ key: `${key}:trace`, role: 'trace', node });
    }
    const children = index.children.get(node.id) ?? [];
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return result;
}
