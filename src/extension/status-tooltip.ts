// What the status bar item says: its text, its tooltip as plain parts, and its accessible label, all from
// the settings and the place Ponder runs (no vscode), so which model and which machine answer is
// unit-tested in plain Node. status-bar.ts renders the parts into a MarkdownString.
import type { PonderSettings } from '../protocol/settings';
import { baseUrls, DEFAULT_PRM_MODEL } from '../protocol/settings';
import type { Place } from './loopback';
import { describeServers, LOCAL_PLACE } from './loopback';

/** `text` is shown literally (it holds setting values); `markdown` is Ponder's own fixed formatting. */
export type TooltipPart = { readonly text: string } | { readonly markdown: string };

export interface StatusTooltip {
  readonly parts: readonly TooltipPart[];
  /** True when problems are sent to another machine: the item is then drawn with a warning background. */
  readonly remoteHost: boolean;
}

/** What the status bar needs beyond the settings. */
export interface StatusContext {
  readonly place: Place;
  /** The demo model answers only because Ollama could not be reached; it is left once Ollama answers. */
  readonly demoStandingIn: boolean;
}

const LOCAL: StatusContext = { place: LOCAL_PLACE, demoStandingIn: false };
export const DEMO_MODEL_NAME = 'demo model';

/** The item's idle text: the model that answers the next solve, where it runs when not here, the mode. */
export function statusText(settings: PonderSettings, context: StatusContext = LOCAL): string {
  if (settings.useSimulatedModel) return `$(beaker) ${DEMO_MODEL_NAME} · ${settings.mode}`;
  const host = describeServers(settings, context.place);
  return `$(lightbulb-sparkle) ${settings.model}${host.machine !== undefined ? ` on ${host.machine}` : ''} · ${settings.mode}`;
}

export function statusTooltip(settings: PonderSettings, context: StatusContext = LOCAL): StatusTooltip {
  const parts: TooltipPart[] = [{ markdown: '**Ponder**\n\n' }];
  let remoteHost = false;
  for (const line of describe(settings, context)) parts.push({ text: `${line}\n` });
  if (!settings.useSimulatedModel) {
    const host = describeServers(settings, context.place);
    remoteHost = host.remote;
    for (const warning of host.warnings) parts.push({ markdown: '\n$(warning) ' }, { text: warning });
  }
  parts.push({ markdown: '\n\nClick to choose the model.' });
  return { parts, remoteHost };
}

/**
 * The item's accessible label: the same facts as plain sentences. A screen reader would otherwise read
 * the tooltip's Markdown source (escapes, `&nbsp;`, codicon names).
 */
export function statusAccessibleLabel(settings: PonderSettings, context: StatusContext = LOCAL): string {
  const host = settings.useSimulatedModel ? undefined : describeServers(settings, context.place);
  const lines = [...describe(settings, context), ...(host?.warnings ?? []).map((warning) => `Warning: ${warning}`)];
  return `Ponder. ${lines.map((line) => line.replace(/\.?$/, '.')).join(' ')} Activate to choose the model.`;
}

/** The tooltip as a person reads it (codicons and Markdown emphasis left as written). */
export function tooltipPlainText(tooltip: StatusTooltip): string {
  return tooltip.parts.map((part) => ('text' in part ? part.text : part.markdown)).join('');
}

function describe(settings: PonderSettings, context: StatusContext): string[] {
  const mode = settings.mode === 'fixed' ? `fixed (${settings.fixedStrategy}, N=${settings.fixedSamples})` : `adaptive (${adaptiveStop(settings)})`;
  if (settings.useSimulatedModel) {
    const until = context.demoStandingIn
      ? `Ollama: not answering at ${settings.ollamaHost}; Ponder looks for it again before each solve and then uses ${settings.model}`
      : 'Ollama: not used (ponder.useSimulatedModel is on)';
    return [`Model: ${DEMO_MODEL_NAME} (simulated: it solves arithmetic only)`, `Mode: ${mode}`, until];
  }
  const host = describeServers(settings, context.place);
  // Thinking is named only when asked for: off is the default, and most models cannot think.
  const thinking = settings.think === 'off' ? [] : [`Thinking: ${settings.think}, ${settings.thinkBudget === 0 ? 'no budget' : `budget ${settings.thinkBudget} tokens per sample`}`];
  return [`Model: ${settings.model}`, `Verifier: ${verifierLine(settings)}`, `Mode: ${mode}`, ...thinking, host.line];
}

/** When adaptive mode stops: at the user's confidence target, or at each difficulty bin's own threshold. */
function adaptiveStop(settings: PonderSettings): string {
  const policy = settings.policyFile === '' ? 'the built-in policy' : 'the policy file';
  if (settings.confidenceTarget === null) return `stops at ${policy}'s threshold for the problem's difficulty`;
  return `stops at ${Math.round(settings.confidenceTarget * 1000) / 10}% confidence`;
}

function verifierLine(settings: PonderSettings): string {
  if (settings.verifier === 'prm') {
    const at = settings.verifierBaseUrl !== '' ? settings.verifierBaseUrl : (baseUrls(settings.openaiBaseUrl)[0] ?? settings.openaiBaseUrl);
    return `process reward model ${settings.verifierModel === '' ? DEFAULT_PRM_MODEL : settings.verifierModel} at ${at}`;
  }
  return settings.verifierModel === '' ? 'same model' : settings.verifierModel;
}
