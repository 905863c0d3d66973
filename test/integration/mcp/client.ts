// Starts `ponder mcp` as a child process over stdio and connects the MCP SDK's own Client to it, as an
// agent's MCP client does (the command line is the one the README gives, run from the sources with tsx).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export interface McpSession {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export async function startPonderMcp(args: readonly string[]): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'src/cli/main.ts', 'mcp', ...args],
    cwd: process.cwd(),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'ponder-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}
