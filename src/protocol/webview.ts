// Messages between the tree view (webview) and its host, one union per direction with a `type` discriminant
// and guards, so neither side switches on untyped strings.
import type { TreeDelta, TreeSnapshot } from './tree';

/**
 * host → webview. `seq` numbers the run's deltas as the host received them: a snapshot carries how many it
 * already holds, a batch the number of its first delta. The page applies a batch only where it continues its
 * copy, skips what a snapshot already holds, and asks for a `resync` when a gap shows (no guessing).
 */
export type HostToWebview =
  | { type: 'snapshot'; snapshot: TreeSnapshot; seq?: number }
  | { type: 'deltas'; runId: string; deltas: TreeDelta[]; seq?: number }
  | { type: 'error'; runId?: string; message: string };

/** webview → host */
export type WebviewToHost =
  | { type: 'ready' }
  /** The page missed deltas of `runId` and needs its current snapshot again. */
  | { type: 'resync'; runId: string }
  | { type: 'cancel'; runId: string }
  | { type: 'rerun'; runId: string; budgetFactor: number }
  | { type: 'copyAnswer'; runId: string }
  | { type: 'insertAnswer'; runId: string }
  /** `content`, when present, is the exported text the webview built (the host saves it as is). */
  | { type: 'export'; runId: string; format: 'json' | 'markdown'; content?: string };

const WEBVIEW_TO_HOST_TYPES = new Set(['ready', 'resync', 'cancel', 'rerun', 'copyAnswer', 'insertAnswer', 'export']);
const HOST_TO_WEBVIEW_TYPES = new Set(['snapshot', 'deltas', 'error']);

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** True when `value` is a well-formed message from the webview (the host trusts nothing else). */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  const message = record(value);
  if (!message || typeof message.type !== 'string' || !WEBVIEW_TO_HOST_TYPES.has(message.type)) return false;
  if (message.type === 'ready') return true;
  if (typeof message.runId !== 'string') return false;
  if (message.type === 'rerun') return typeof message.budgetFactor === 'number' && message.budgetFactor > 0 && message.budgetFactor <= 16;
  if (message.type === 'export') {
    return (message.format === 'json' || message.format === 'markdown') && (message.content === undefined || typeof message.content === 'string');
  }
  return true;
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  const message = record(value);
  return !!message && typeof message.type === 'string' && HOST_TO_WEBVIEW_TYPES.has(message.type);
}
