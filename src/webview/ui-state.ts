// UI state only (never tree data): what is selected, expanded and zoomed, and which view is active. It is
// saved through the host so it survives a reload of the webview.

export type ActiveView = 'tree' | 'outline';

export interface UiState {
  runId?: string;
  selectedId?: string;
  /** Outline nodes whose expansion differs from the default (see `isOutlineExpanded`). */
  outlineToggled: string[];
  /** Tree nodes whose children are all shown, beyond the collapse threshold. */
  siblingsExpanded: string[];
  /** The diagram's transform, and the view's width it was set at (a restore into another width keeps the middle). */
  zoom?: { x: number; y: number; k: number; width?: number };
  activeView?: ActiveView;
}

export function emptyUiState(): UiState {
  return { outlineToggled: [], siblingsExpanded: [] };
}

/** Reads saved state defensively: anything malformed falls back to the empty state. */
export function parseUiState(value: unknown): UiState {
  const state = emptyUiState();
  if (typeof value !== 'object' || value === null) return state;
  const saved = value as Record<string, unknown>;
  if (typeof saved.runId === 'string') state.runId = saved.runId;
  if (typeof saved.selectedId === 'string') state.selectedId = saved.selectedId;
  state.outlineToggled = stringArray(saved.outlineToggled);
  state.siblingsExpanded = stringArray(saved.siblingsExpanded);
  const zoom = saved.zoom as Record<string, unknown> | undefined;
  if (zoom && [zoom.x, zoom.y, zoom.k].every((n) => typeof n === 'number' && Number.isFinite(n)) && (zoom.k as number) > 0) {
    state.zoom = { x: zoom.x as number, y: zoom.y as number, k: zoom.k as number };
    if (typeof zoom.width === 'number' && Number.isFinite(zoom.width) && zoom.width > 0) state.zoom.width = zoom.width;
  }
  if (saved.activeView === 'tree' || saved.activeView === 'outline') state.activeView = saved.activeView;
  return state;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, 10_000) : [];
}
