// The status bar tooltip's content, as plain parts (no vscode), so what it says about the Ollama host is
// unit-tested in plain Node. status-bar.ts renders the parts into a MarkdownString.
import type { PonderSettings } from '../protocol/settings';
import { describeOllamaHost } from './loopback';

/** `text` is shown literally (it holds setting values); `markdown` is Ponder's own fixed formatting. */
export type TooltipPart = { readonly text: string } | { readonly markdown: string };

export interface StatusTooltip {
  readonly parts: readonly TooltipPart[];
  /** True when problems are sent to another machine: the item is then drawn with a warning background. */
  readonly remoteHost: boolean;
}

export function statusTooltip(settings: PonderSettings): StatusTooltip {
  const model = settings.useSimulatedModel ? 'demo model (simulated)' : settings.model;
  const mode = settings.mode === 'fixed' ? `fixed (${settings.fixedStrategy}, N=${settings.fixedSamples})` : `adaptive (stops at ${Math.round(settings.confidenceTarget * 100)}% confidence)`;
  const parts: TooltipPart[] = [
    { markdown: '**Ponder**\n\n' },
    { text: `Model: ${model}\n` },
    { text: `Verifier: ${settings.verifierModel === '' ? 'same model' : settings.verifierModel}\n` },
    { text: `Mode: ${mode}\n` },
  ];
  let remoteHost = false;
  if (settings.useSimulatedModel) {
    parts.push({ text: 'Ollama: not used (the simulated demo model answers)\n' });
  } else {
    const host = describeOllamaHost(settings.ollamaHost);
    remoteHost = host.remote;
    parts.push({ text: `${host.line}\n` });
    if (host.warning !== undefined) parts.push({ markdown: '\n$(warning) ' }, { text: host.warning });
  }
  parts.push({ markdown: '\n\nClick to choose the model.' });
  return { parts, remoteHost };
}

/** The tooltip as a person reads it (codicons and Markdown emphasis left as written). */
export function tooltipPlainText(tooltip: StatusTooltip): string {
  return tooltip.parts.map((part) => ('text' in part ? part.text : part.markdown)).join('');
}
