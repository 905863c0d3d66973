// `ponder mcp` driven by the MCP SDK's Client over stdio against the Ollama stand-in: the tool list and
// schemas, a solve with its structured result and progress, the run's tree as a resource, bad arguments
// and budgets above the user's ceiling refused with messages that say what is wrong.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import type { McpSession } from './client';
import { startPonderMcp } from './client';

interface SolveOutput {
  answer: string | null;
  confidence: number;
  cost: { generatedTokens: number; calls: number; wallMs: number; tokenCap: number };
  chains: { requested: number; answered: number };
  bestChain: { text: string }[];
  decisions: { kind: string; message: string }[];
  treeUri: string;
  cancelled: boolean;
}

describe('ponder mcp over stdio', () => {
  let standin: Standin;
  let mcp: McpSession;
  before(async () => {
    standin = await startStandin({ parallel: 4 });
    mcp = await startPonderMcp(['--host', standin.url, '--parallel', '4', '--max-tokens', '8000', '--max-samples', '16']);
  });
  after(async () => {
    await mcp.close();
    await standin.close();
  });

  test('lists the solve tool with its input and output schemas, the limits in them', async () => {
    const { tools } = await mcp.client.listTools();
    const solve = tools.find((tool) => tool.name === 'solve');
    assert.ok(solve, JSON.stringify(tools.map((t) => t.name)));
    assert.deepEqual(solve.inputSchema.required, ['problem']);
    const properties = solve.inputSchema.properties as Record<string, { maximum?: number; enum?: string[] }>;
    assert.equal(properties.maxTokens?.maximum, 8000);
    assert.equal(properties.samples?.maximum, 16);
    assert.ok(properties.strategy?.enum?.includes('beam'));
    assert.ok(solve.outputSchema?.properties && 'answer' in solve.outputSchema.properties);
  });

  test('solves "What is (17*23)+5-9?" to 387 with confidence, cost and progress notifications', async () => {
    const progress: Progress[] = [];
    const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is (17*23)+5-9?' } }, CallToolResultSchema, {
      onprogress: (p) => void progress.push(p),
    });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    const output = result.structuredContent as SolveOutput;
    assert.equal(output.answer, '387');
    assert.ok(output.confidence > 0.5 && output.confidence <= 1, String(output.confidence));
    assert.ok(output.cost.calls > 0 && output.cost.generatedTokens > 0 && output.cost.wallMs > 0, JSON.stringify(output.cost));
    assert.ok(output.cost.tokenCap <= 8000);
    assert.ok(output.bestChain.length > 0);
    assert.ok(output.decisions.some((d) => d.kind === 'difficulty'), JSON.stringify(output.decisions));
    const text = result.content as { type: string; text: string }[];
    assert.match(text[0]?.text ?? '', /^Answer: 387$/m);
    assert.ok(progress.length >= 2, `${progress.length} progress notifications`);
    assert.ok(progress.some((p) => /leading 387/.test(p.message ?? '')), JSON.stringify(progress));
    for (let i = 1; i < progress.length; i++) assert.ok((progress[i]?.progress ?? 0) > (progress[i - 1]?.progress ?? 0), 'progress increases');
    assert.ok(standin.stats().generationsCompleted > 0);

    const { resources } = await mcp.client.listResources();
    assert.ok(resources.some((r) => r.uri === output.treeUri), JSON.stringify(resources));
    const read = await mcp.client.readResource({ uri: output.treeUri });
    const tree = JSON.parse((read.contents[0] as { text: string }).text) as { chosenAnswer?: string; nodes: unknown[] };
    assert.equal(tree.chosenAnswer, '387');
    assert.ok(tree.nodes.length > 4);
  });

  test('a bad argument is refused with an error that names the field, before any model request', async () => {
    const before = standin.stats().generationsStarted;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /problem/],
      [{ problem: 42 }, /problem/],
      [{ problem: 'What is 2+2?', samples: 0 }, /samples/],
      [{ problem: 'What is 2+2?', strategy: 'guess' }, /strategy/],
      [{ problem: '   ' }, /problem: The problem is empty/],
      [{ problem: '\u0000\u0001\u0002\u0003' }, /does not look like text/],
      [{ problem: 'What is 2+2?', mode: 'adaptive', strategy: 'beam' }, /strategy: "beam" is a fixed-mode strategy/],
    ];
    for (const [args, message] of cases) {
      const result = await mcp.client.callTool({ name: 'solve', arguments: args });
      assert.equal(result.isError, true, JSON.stringify(args));
      assert.match((result.content as { text: string }[])[0]?.text ?? '', message, JSON.stringify(args));
    }
    assert.equal(standin.stats().generationsStarted, before, 'no model request for bad input');
  });

  test('a budget above the user\'s ceiling is refused: the agent cannot exceed it', async () => {
    const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 2+2?', maxTokens: 100_000 } });
    assert.equal(result.isError, true);
    assert.match((result.content as { text: string }[])[0]?.text ?? '', /maxTokens/);
    const samples = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 2+2?', mode: 'fixed', samples: 17 } });
    assert.equal(samples.isError, true);
    assert.match((samples.content as { text: string }[])[0]?.text ?? '', /samples/);
  });

  test('a fixed strategy within the limits spends at most the tokens asked for', async () => {
    const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 6 * 7?', strategy: 'majority', samples: 3, maxTokens: 2000 } });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    const output = result.structuredContent as SolveOutput;
    assert.equal(output.answer, '42');
    assert.equal(output.chains.requested, 3);
    assert.equal(output.cost.tokenCap, 2000);
    assert.ok(output.cost.generatedTokens <= 2000);
  });
});
