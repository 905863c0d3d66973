// Ponder in chat and agent mode: the `ponder_solve` language-model tool, the `@ponder` chat participant and,
// where VS Code has the API, the MCP server definition. Each is feature-checked so an editor without chat
// still activates the extension.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { createSolveTool, TOOL_NAME } from './lm-tool';
import { registerMcpServerDefinition } from './mcp-definition';
import { createChatHandler, PARTICIPANT_ID } from './participant';

export interface ChatFeatures {
  /** The participant's handler (the end-to-end tests call it with VS Code's types). */
  chatHandler: vscode.ChatRequestHandler;
  mcpServerDefinition: boolean;
}

export function registerChatFeatures(ctx: Ctx): ChatFeatures {
  const chatHandler = createChatHandler(ctx);
  if (typeof vscode.lm?.registerTool === 'function') ctx.pushExtension(vscode.lm.registerTool(TOOL_NAME, createSolveTool(ctx)));
  if (typeof vscode.chat?.createChatParticipant === 'function') {
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, chatHandler);
    participant.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'icon.png');
    ctx.pushExtension(participant);
  }
  let mcp: vscode.Disposable | undefined;
  try {
    mcp = registerMcpServerDefinition(ctx);
    if (mcp) ctx.pushExtension(mcp);
  } catch (error) {
    // The API changed shape between releases: a refusal costs the MCP entry, never the activation.
    ctx.log.error('could not register the Ponder MCP server definition', error);
  }
  return { chatHandler, mcpServerDefinition: mcp !== undefined };
}
