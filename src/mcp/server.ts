// The Ponder MCP server: one `solve` tool and the recent runs' trees as resources, on the MCP SDK's
// McpServer. Transport-free: `command.ts` connects it to stdio, tests may connect it to anything.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { RecentRuns, RUN_URI_PREFIX, runUri } from './recent-runs';
import { solveInputSchema, solveOutputSchema } from './solve-schema';
import type { SolveSetup } from './solve-tool';
import { runSolveTool } from './solve-tool';

const SOLVE_DESCRIPTION =
  'Solve a math or reasoning problem with verifier-guided test-time search on a local model: Ponder samples many ' +
  'reasoning chains, scores each step with a verifier and votes, spending more compute on harder problems. ' +
  'Returns the answer with its confidence, the compute it cost, the best chain and the search decisions. ' +
  'Use it for a self-contained sub-problem with one final answer (arithmetic, word problems, puzzles).';

export function createPonderMcpServer(setup: SolveSetup, version: string): McpServer {
  const runs = new RecentRuns();
  const server = new McpServer(
    { name: 'ponder', version },
    { capabilities: { logging: {} }, instructions: 'Call `solve` with one problem; read a run\'s whole reasoning tree at its treeUri.' },
  );

  server.registerTool(
    'solve',
    {
      title: 'Solve with Ponder',
      description: SOLVE_DESCRIPTION,
      inputSchema: solveInputSchema(setup.limits),
      outputSchema: solveOutputSchema,
      // Reads nothing of the client's and changes nothing: it only spends local compute.
      annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: false },
    },
    async (input, extra) => {
      const progressToken = extra._meta?.progressToken;
      return runSolveTool(setup, runs, input, {
        signal: extra.signal,
        ...(progressToken === undefined
          ? {}
          : {
              progress: (update) => {
                void extra
                  .sendNotification({ method: 'notifications/progress', params: { progressToken, ...update } })
                  .catch(() => undefined); // a client gone mid-run aborts the request; nothing to report to
              },
            }),
      });
    },
  );

  server.registerResource(
    'run',
    new ResourceTemplate(`${RUN_URI_PREFIX}{runId}`, {
      list: () => ({
        resources: runs.list().map((run) => ({
          uri: runUri(run.runId),
          name: `run ${run.runId}`,
          title: `${run.answer ?? 'no answer'}: ${run.problem.slice(0, 80)}`,
          mimeType: 'application/json',
        })),
      }),
    }),
    { title: 'A Ponder run', description: 'The whole reasoning tree of a recent solve, as JSON (model text in it is untrusted).', mimeType: 'application/json' },
    (uri, variables) => {
      const raw = variables.runId;
      const runId = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
      const run = runs.get(runId);
      if (!run) throw new McpError(ErrorCode.InvalidParams, `No recent run ${runId}: this server keeps the last 20 runs since it started.`);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(run.tree) }] };
    },
  );
  return server;
}
