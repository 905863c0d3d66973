// The tree as an accessible outline (WAI-ARIA tree pattern, flat items with aria-level): arrows move and
// expand, Home/End jump, Enter selects. Items are reused per node id and updated only when their node changed.
import type { TreeNode, TreeSnapshot } from '../protocol/tree';
import { el, firstLine, icon } from './dom';
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

/** Whether an outline node is expanded: by default the first levels and the chosen chain are open. */
export function isOutlineExpanded(index: TreeIndex, node: TreeNode, toggled: ReadonlySet<string>): boolean {
  const byDefault = node.depth < 2 || index.chosenChain.has(node.id);
  return toggled.has(node.id) ? !byDefault : byDefault;
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
  }

  update(snapshot: TreeSnapshot, ui: UiState): void {
    const index = indexTree(snapshot);
    const toggled = new Set(ui.outlineToggled);
    const key = `${ui.selectedId ?? ''}\n${ui.outlineToggled.join(',')}`;
    if (index.nodes === this.lastNodes && key === this.lastKey) return;
    this.lastNodes = index.nodes;
    this.lastKey = key;
    const visible = visibleNodes(index, toggled);
    if (this.focusedId === undefined || !visible.some((node) => node.id === this.focusedId)) {
      this.focusedId = ui.selectedId !== undefined && visible.some((node) => node.id === ui.selectedId) ? ui.selectedId : visible[0]?.id;
    }
    const stale = new Set(this.items.keys());
    const ordered: HTMLDivElement[] = [];
    for (const node of visible) {
      stale.delete(node.id);
      const hasChildren = (index.children.get(node.id)?.length ?? 0) > 0;
      const expanded = hasChildren && isOutlineExpanded(index, node, toggled);
      const signature = [node.status, node.score, node.text.length, node.answer, hasChildren, expanded, ui.selectedId === node.id, this.focusedId === node.id, index.chosenChain.has(node.id), index.faded.has(node.id)].join('|');
      let item = this.items.get(node.id);
      if (!item || item.node !== node || item.signature !== signature) {
        const element = item?.element ?? el('div', { role: 'treeitem' });
        this.fill(element, node, index, hasChildren, expanded, ui.selectedId === node.id);
        item = { element, node, signature };
        this.items.set(node.id, item);
      }
      ordered.push(item.element);
    }
    for (const id of stale) {
      this.items.get(id)?.element.remove();
      this.items.delete(id);
    }
    // Reorder only when the sequence changed, so untouched items are not moved.
    const order = visible.map((node) => node.id);
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

  private onClick(event: MouseEvent): void {
    const item = event.target instanceof Element ? event.target.closest<HTMLDivElement>('[role=treeitem]') : null;
    const id = item?.dataset.id;
    if (!item || id === undefined) return;
    this.focusedId = id;
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
        else if (item) next = this.parentPosition(item.node);
        break;
      case 'Enter':
      case ' ':
        if (this.focusedId !== undefined) this.events.select(this.focusedId);
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

  private parentPosition(node: TreeNode): number | undefined {
    return node.parentId === null ? undefined : this.order.indexOf(node.parentId);
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

function visibleNodes(index: TreeIndex, toggled: ReadonlySet<string>): TreeNode[] {
  const result: TreeNode[] = [];
  if (!index.root) return result;
  const stack: TreeNode[] = [index.root];
  const seen = new Set<string>();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    result.push(node);
    if (!isOutlineExpanded(index, node, toggled)) continue;
    const children = index.children.get(node.id) ?? [];
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return result;
}
