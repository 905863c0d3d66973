// The status bar item: model and mode, or the running search (spinner, samples, tokens). Its tooltip names
// the Ollama host and warns when it is not on this machine. Clicking it opens the model picker.
import * as vscode from 'vscode';
import type { PonderSettings } from '../protocol/settings';
import { COMMANDS } from './commands/ids';
import { isLoopbackHost } from './loopback';
import type { Ctx } from './ctx';
import { formatTokens } from './format';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ponder.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: Ctx) {
    this.item.name = 'Ponder';
    this.item.command = COMMANDS.selectModel;
    this.disposables = [
      ctx.onDidChangeSettings(() => this.update()),
      ctx.operations.onDidChange(() => this.update()),
      ctx.runs.onDidChange(() => this.update()),
      // Deltas arrive up to ~20 times a second; the item is redrawn at most 4 times a second.
      ctx.runs.onDidReceiveDeltas(() => this.schedule()),
    ];
    this.update();
    this.item.show();
  }

  private schedule(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.update();
    }, 250);
  }

  update(): void {
    const settings = this.ctx.settings;
    const model = settings.useSimulatedModel ? 'demo model (simulated)' : settings.model;
    const running = this.ctx.runs.running().filter((r) => r.mirror);
    const solving = this.ctx.operations.list().filter((o) => o.kind === 'solve');
    if (solving.length > 0) {
      const samples = running.reduce((sum, r) => sum + (r.mirror?.answeredSamples ?? 0), 0);
      const tokens = running.reduce((sum, r) => sum + (r.mirror?.snapshot.usage.generatedTokens ?? 0), 0);
      const runs = solving.length > 1 ? `${solving.length} runs · ` : '';
      this.item.text = `$(loading~spin) Ponder: ${runs}${samples} samples · ${formatTokens(tokens)} tokens`;
    } else {
      this.item.text = `$(lightbulb-sparkle) ${model} · ${settings.mode}`;
    }
    this.item.tooltip = tooltip(settings, model);
    this.item.backgroundColor = isLoopbackHost(settings.ollamaHost) || settings.useSimulatedModel ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  /** The item's text now (the end-to-end tests read it). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.item.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function tooltip(settings: PonderSettings, model: string): vscode.MarkdownString {
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown('**Ponder**\n\n');
  tip.appendText(`Model: ${model}\n`);
  tip.appendText(`Verifier: ${settings.verifierModel === '' ? 'same model' : settings.verifierModel}\n`);
  tip.appendText(`Mode: ${settings.mode === 'fixed' ? `fixed (${settings.fixedStrategy}, N=${settings.fixedSamples})` : `adaptive (stops at ${Math.round(settings.confidenceTarget * 100)}% confidence)`}\n`);
  if (settings.useSimulatedModel) {
    tip.appendText('Ollama: not used (the simulated demo model answers)\n');
  } else {
    tip.appendText(`Ollama host: ${settings.ollamaHost}\n`);
    if (!isLoopbackHost(settings.ollamaHost)) {
      tip.appendMarkdown('\n$(warning) ');
      tip.appendText('This host is not on this machine: problems you solve are sent to it. It comes from your user settings (ponder.ollamaHost).');
    }
  }
  tip.appendMarkdown('\n\nClick to choose the model.');
  return tip;
}
