// What the request handlers share for one server session.
import type { ConsistencyPriors } from './consistency-priors';
import type { Connection } from 'vscode-languageserver/node';
import type { ModelProvider } from './model-provider';
import type { RunStore } from './run-store';
import type { SettingsState } from './settings-state';
import type { SolvedRanges } from './solved-ranges';

export interface ServerContext {
  connection: Connection;
  settings: SettingsState;
  models: ModelProvider;
  runs: RunStore;
  ranges: SolvedRanges;
  /** What adaptive mode has learned of each model's consistency this session. */
  consistency: ConsistencyPriors;
  /** Sends a `ponder/warning` notification. */
  warn(message: string): void;
  /** Sends a `ponder/warning` notification only the first time `key` is warned about in this session. */
  warnOnce(key: string, message: string): void;
  /**
   * Hovers may carry `command:` links to the extension's commands. False for other editors (standard LSP),
   * where such links go nowhere: they reach the same actions through code actions instead. Set at initialize.
   */
  hoverCommandLinks: boolean;
}
