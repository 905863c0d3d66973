// Registers `ponder mcp` as an MCP server definition where VS Code offers that API (1.101 and later), so
// agent mode and other MCP-aware features find it without a mcp.json entry. Feature-checked: the API is
// not in the VS Code this extension's engine allows (^1.100), which still activates without it.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { mcpServerArgs } from './mcp-args';

export const MCP_PROVIDER_ID = 'ponder.mcp';

/** The parts of the 1.101 API used here, declared locally because @types/vscode stays at 1.100. */
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] }): vscode.Disposable;
}
type McpStdioServerDefinitionClass = new (label: string, command: string, args: string[], env?: Record<string, string | number | null>, version?: string) => unknown;

/** Returns the registration, or undefined when this VS Code has no MCP server definition API. */
export function registerMcpServerDefinition(ctx: Ctx): vscode.Disposable | undefined {
  const lm = vscode.lm as unknown as Partial<McpApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionClass }).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') return undefined;
  const changed = new vscode.EventEmitter<void>();
  const settingsListener = ctx.onDidChangeSettings(() => changed.fire());
  const entry = ctx.extension.asAbsolutePath('dist/mcp.js');
  const registration = lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
    onDidChangeMcpServerDefinitions: changed.event,
    // VS Code's own executable runs the CLI as plain Node, so no separate Node install is needed.
    provideMcpServerDefinitions: () => [new Definition('Ponder', process.execPath, mcpServerArgs(entry, ctx.settings), { ELECTRON_RUN_AS_NODE: '1' }, (ctx.extension.extension.packageJSON as { version?: string }).version ?? '')],
  });
  return vscode.Disposable.from(registration, settingsListener, changed);
}
