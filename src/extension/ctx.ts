// Two lifetimes, as in rust-analyzer's ctx.ts: the extension's (commands, status bar, panel serializer, settings
// watcher; disposed on deactivate) and one server session's (the LanguageClient and its notification handlers;
// disposed and rebuilt on restart). The server starts on the first command that needs it, not on activation.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DidChangeConfigurationNotification } from 'vscode-languageclient/node';
import type { PonderSettings } from '../protocol/settings';
import { API_KEY_NOTIFICATION } from '../protocol/lsp';
import type { ApiKeyParams } from '../protocol/lsp';
import { createLanguageClient } from './client';

/** Where the OpenAI-compatible server's API key lives in VS Code's SecretStorage. */
export const API_KEY_SECRET = 'ponder.openaiApiKey';
import { readSettings, SECTION, SettingsProblemReporter } from './config';
import { runStartedNotification, treeDeltaNotification, warningNotification } from './lsp-ext';
import { inertNotificationText } from './format';
import type { Log } from './log';
import { Operations } from './operations';
import { RunArchive } from './run-archive';
import { RunRegistry } from './runs';

/** Settings whose change means the user picked what answers next: they end the session's demo model. */
const DEMO_ENDING_SETTINGS = ['ollamaHost', 'model', 'useSimulatedModel'] as const;

interface Session {
  client: LanguageClient;
  disposables: vscode.Disposable[];
}

export class Ctx implements vscode.Disposable {
  readonly runs = new RunRegistry();
  /** Finished trees on disk, for panels restored after a reload or a server restart. */
  readonly archive: RunArchive;
  readonly operations = new Operations();
  readonly settingsProblems = new SettingsProblemReporter();
  /** Session-only values that win over settings (the demo model chosen from an error message). */
  private overrides: Partial<PonderSettings> = {};
  /**
   * True while the demo model answers only because Ollama could not be reached: choosing a model, changing
   * the host or the server answering again ends it (see demo-exit.ts), so the demo is a way in, not a trap.
   */
  private demoStandsIn = false;
  private current: PonderSettings;
  private session: Session | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly warningsShown = new Set<string>();
  private readonly settingsChanged = new vscode.EventEmitter<PonderSettings>();
  readonly onDidChangeSettings = this.settingsChanged.event;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: Log,
  ) {
    const { settings, problems } = readSettings();
    this.current = settings;
    this.settingsProblems.report(problems);
    this.archive = new RunArchive(vscode.Uri.joinPath(extension.storageUri ?? extension.globalStorageUri, 'runs').fsPath);
    this.pushExtension(
      this.runs.onDidChange((record) => {
        const snapshot = record.result ? record.mirror?.snapshot : undefined;
        if (snapshot?.finished) void this.archive.save(snapshot);
      }),
      this.runs,
      this.operations,
      this.settingsChanged,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SECTION)) return;
        // A model or host the user just chose is the one they mean to use next, not the demo.
        if (DEMO_ENDING_SETTINGS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) this.clearDemo();
        this.reloadSettings();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reloadSettings()),
    );
  }

  get settings(): PonderSettings {
    return this.current;
  }

  /** Disposed when the extension deactivates. */
  pushExtension(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  /** The running client, starting the server first if needed. Failures are logged and rethrown. */
  client(): Promise<LanguageClient> {
    if (this.session?.client.isRunning()) return Promise.resolve(this.session.client);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async restart(): Promise<LanguageClient> {
    await this.stopSession();
    return this.client();
  }

  setOverride(values: Partial<PonderSettings>): void {
    this.overrides = { ...this.overrides, ...values };
    this.reloadSettings();
  }

  /** The demo model answers for this session, until Ollama can: the user's settings are left as they are. */
  useDemoUntilOllamaAnswers(): void {
    this.demoStandsIn = true;
    this.setOverride({ useSimulatedModel: true });
  }

  /** True while the demo model stands in for an Ollama that could not be reached. */
  get demoStandingIn(): boolean {
    return this.demoStandsIn && this.current.useSimulatedModel;
  }

  /** Ends the session's demo model (if any): the settings' model answers from the next solve on. */
  leaveDemo(): void {
    if (!this.clearDemo()) return;
    this.reloadSettings();
  }

  /** Drops the demo override without reloading; true when there was one. */
  private clearDemo(): boolean {
    const had = this.demoStandsIn || this.overrides.useSimulatedModel !== undefined;
    this.demoStandsIn = false;
    const { useSimulatedModel: _dropped, ...rest } = this.overrides;
    this.overrides = rest;
    return had;
  }

  reloadSettings(): void {
    const { settings, problems } = readSettings(this.overrides);
    this.current = settings;
    this.settingsProblems.report(problems);
    this.settingsChanged.fire(settings);
    const client = this.session?.client;
    if (client?.isRunning()) {
      void client.sendNotification(DidChangeConfigurationNotification.type, { settings }).catch((error: unknown) => {
        this.log.error('could not send the settings to the Ponder server', error);
      });
    }
  }

  private async start(): Promise<LanguageClient> {
    await this.stopSession();
    const started = performance.now();
    const disposables: vscode.Disposable[] = [];
    const client = createLanguageClient(this.extension, () => this.current, this.log, {
      onGaveUp: () => {
        void vscode.window.showErrorMessage('The Ponder server stopped twice and was not restarted.', 'Restart Server', 'Show Log').then((choice) => {
          if (choice === 'Restart Server') void this.restart().catch((error: unknown) => this.log.error('restart failed', error));
          if (choice === 'Show Log') this.log.channel.show();
        });
      },
    });
    disposables.push(
      client.onNotification(runStartedNotification, (params) => {
        this.runs.started(params);
      }),
      client.onNotification(treeDeltaNotification, (params) => this.runs.deltas(params.runId, params.deltas)),
      client.onNotification(warningNotification, (params) => this.showWarningOnce(params.message)),
    );
    this.session = { client, disposables };
    try {
      await client.start();
    } catch (error) {
      this.log.error('the Ponder server did not start', error);
      await this.stopSession();
      throw error;
    }
    this.log.info(`Ponder server started in ${Math.round(performance.now() - started)} ms`);
    await this.sendApiKey(client);
    return client;
  }

  /**
   * Sends the OpenAI-compatible server's API key from secret storage to the running server (memory only
   * there). Called at start and whenever the secret changes; the key is never logged.
   */
  async sendApiKey(running?: LanguageClient): Promise<void> {
    const client = running ?? this.session?.client;
    if (!client?.isRunning()) return;
    const key = (await this.extension.secrets.get(API_KEY_SECRET)) ?? null;
    const params: ApiKeyParams = { key };
    await client.sendNotification(API_KEY_NOTIFICATION, params).catch(() => this.log.error('could not send the API key to the Ponder server', new Error('notification failed')));
  }

  private showWarningOnce(message: string): void {
    if (this.warningsShown.has(message)) return;
    this.warningsShown.add(message);
    this.log.warn(message);
    void vscode.window.showWarningMessage(`Ponder: ${inertNotificationText(message)}`);
  }

  private async stopSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    for (const disposable of session.disposables) disposable.dispose();
    try {
      if (session.client.needsStop()) await session.client.stop(2000);
    } catch (error) {
      this.log.error('the Ponder server did not stop cleanly', error);
    }
  }

  async dispose(): Promise<void> {
    await this.stopSession();
  }
}
