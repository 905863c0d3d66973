// The status bar item: the model that answers the next solve, the machine it runs on when that is not this
// computer, and the mode; or the running search (spinner, samples, tokens). Its tooltip names the Ollama
// host and warns when it is not on Ponder's machine. Clicking it opens the model picker.
import * as vscode from 'vscode';
import { COMMANDS } from './commands/ids';
import type { Ctx } from './ctx';
import { formatTokens } from './format';
import { ponderPlace } from './place';
import type { StatusContext, StatusTooltip } from './status-tooltip';
import { statusAccessibleLabel, statusText, statusTooltip, tooltipPlainText } from './status-tooltip';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ponder.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[];
  private pending: NodeJS.Timeout | undefined;
  private tooltip: StatusTooltip | undefined;

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
    const context = this.statusContext();
    const running = this.ctx.runs.running().filter((r) => r.mirror);
    const solving = this.ctx.operations.list().filter((o) => o.kind === 'solve');
    if (solving.length > 0) {
      const samples = running.reduce((sum, r) => sum + (r.mirror?.answeredSamples ?? 0), 0);
      const tokens = running.reduce((sum, r) => sum + (r.mirror?.snapshot.usage.generatedTokens ?? 0), 0);
      const runs = solving.length > 1 ? `${solving.length} runs · ` : '';
      this.item.text = `$(loading~spin) Ponder: ${runs}${samples} samples · ${formatTokens(tokens)} tokens`;
    } else {
      this.item.text = statusText(settings, context);
    }
    const tooltip = statusTooltip(settings, context);
    this.tooltip = tooltip;
    this.item.tooltip = renderTooltip(tooltip);
    this.item.accessibilityInformation = { label: statusAccessibleLabel(settings, context), role: 'button' };
    this.item.backgroundColor = tooltip.remoteHost ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** The item's text now (the end-to-end tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** The tooltip now, as plain text, and whether it marks the host as remote (the end-to-end tests read it). */
  get tooltipState(): { readonly text: string; readonly remoteHost: boolean; readonly accessibleLabel: string } {
    const tooltip = this.tooltip ?? statusTooltip(this.ctx.settings, this.statusContext());
    return { text: tooltipPlainText(tooltip), remoteHost: tooltip.remoteHost, accessibleLabel: this.item.accessibilityInformation?.label ?? '' };
  }

  private statusContext(): StatusContext {
    return { place: ponderPlace(this.ctx.extension), demoStandingIn: this.ctx.demoStandingIn };
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.item.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function renderTooltip(tooltip: StatusTooltip): vscode.MarkdownString {
  const tip = new vscode.MarkdownString(undefined, true);
  for (const part of tooltip.parts) {
    if ('text' in part) tip.appendText(part.text);
    else tip.appendMarkdown(part.markdown);
  }
  return tip;
}
