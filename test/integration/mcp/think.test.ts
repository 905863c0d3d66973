// The MCP `solve` tool's thinking inputs (think, thinkBudget, thinkMin), driven by the SDK's Client over stdio
// against the stand-in's qwen3:1.7b: the budget reaches every sample's generation, the checks are
// `ponder solve`'s, and the user's token ceiling bounds the thinking budget too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import type { McpSession } from './client';
import { startPonderMcp } from './client';
import { recordingIo } from '../../support/cli-io';

interface TreeNode {
  sample?: number;
  thinkingTokens?: number;
  thinkingBudget?: number;
  thinkingEnding?: string;
  thinkingExtensions?: number;
}

interface SolveOutput {
  answer: string | null;
  treeUri: string;
  decisions: { message: string }[];
}

function errorText(result: Record<string, unknown>): string {
  return (result['content'] as { text: string }[] | undefined)?.[0]?.text ?? '';
}

describe('ponder mcp: thinking inputs of the solve tool', () => {
  let standin: Standin;
  let mcp: McpSession;
  before(async () => {
    standin = await startStandin({ parallel: 4 });
    mcp = await startPonderMcp(['--host', standin.url, '--model', 'qwen3:1.7b', '--parallel', '4', '--max-tokens', '6000', '--max-samples', '8']);
  });
  after(async () => {
    await mcp.close();
    await standin.close();
  });

  async function treeNodes(output: SolveOutput): Promise<TreeNode[]> {
    const read = await mcp.client.readResource({ uri: output.treeUri });
    return (JSON.parse((read.contents[0] as { text: string }).text) as { nodes: TreeNode[] }).nodes;
  }

  test('the schema lists think, thinkBudget and thinkMin, the budget capped by the token ceiling', async () => {
    const { tools } = await mcp.client.listTools();
    const properties = tools.find((tool) => tool.name === 'solve')?.inputSchema.properties as Record<string, { enum?: string[]; maximum?: number }>;
    assert.deepEqual(properties.think?.enum, ['off', 'on', 'low', 'medium', 'high']);
    assert.equal(properties.thinkBudget?.maximum, 6000);
    assert.equal(properties.thinkMin?.maximum, 6000);
  });

  test('thinkBudget 128 answers 387 and no sample thinks past 128 tokens', async () => {
    const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is (17*23)+5-9?', think: 'on', thinkBudget: 128 } });
    assert.notEqual(result.isError, true, errorText(result));
    const output = result.structuredContent as SolveOutput;
    assert.equal(output.answer, '387');
    const thinking = (await treeNodes(output)).filter((node) => node.thinkingTokens !== undefined);
    assert.ok(thinking.length > 0, 'the samples report their thinking');
    for (const node of thinking) {
      assert.equal(node.thinkingBudget, 128);
      assert.ok((node.thinkingTokens ?? 0) <= 128, `sample ${node.sample} thought ${node.thinkingTokens} tokens`);
    }
    assert.ok(output.decisions.some((d) => /thinking budget: 128 tokens per generation/.test(d.message)), JSON.stringify(output.decisions));
  });

  test('a small budget cuts every trace there, and thinkMin extends a short trace with "Wait"', async () => {
    const cut = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is (17*23)+5-9?', strategy: 'majority', samples: 2, thinkBudget: 4 } });
    assert.notEqual(cut.isError, true, errorText(cut));
    const cutNodes = (await treeNodes(cut.structuredContent as SolveOutput)).filter((node) => node.thinkingTokens !== undefined);
    assert.equal(cutNodes.length, 2);
    for (const node of cutNodes) assert.deepEqual([node.thinkingTokens, node.thinkingBudget, node.thinkingEnding], [4, 4, 'cut']);

    const extended = await mcp.client.callTool({
      name: 'solve',
      // The simulated thinking model's trace for this problem is a few hundred tokens: a minimum of 900 is early
      // (and two samples at a 1,500-token budget stay within the server's --max-tokens 6000).
      arguments: { problem: 'What is (17*23)+5-9?', strategy: 'majority', samples: 2, thinkBudget: 1500, thinkMin: 900 },
    });
    assert.notEqual(extended.isError, true, errorText(extended));
    assert.equal((extended.structuredContent as SolveOutput).answer, '387');
    for (const node of (await treeNodes(extended.structuredContent as SolveOutput)).filter((n) => n.thinkingTokens !== undefined)) {
      assert.equal(node.thinkingEnding, 'extended');
      assert.ok((node.thinkingExtensions ?? 0) >= 1 && (node.thinkingTokens ?? 0) >= 900 && (node.thinkingTokens ?? 0) <= 1500, `thought ${node.thinkingTokens}`);
    }
  });

  test('bad thinking inputs are refused with messages naming the field, before any model request', async () => {
    const before = standin.stats().generationsStarted;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ think: 'maybe' }, /think/],
      [{ thinkBudget: 0 }, /thinkBudget/],
      [{ thinkBudget: 2.5 }, /thinkBudget/],
      [{ thinkBudget: 6001 }, /thinkBudget/],
      [{ think: 'off', thinkBudget: 64 }, /thinkBudget needs thinking: drop think "off", or drop the budget/],
      [{ thinkMin: 8 }, /thinkMin needs thinkBudget/],
      [{ thinkBudget: 16, thinkMin: 32 }, /thinkMin \(32\) must be at most thinkBudget \(16\)/],
    ];
    for (const [args, message] of cases) {
      const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 2+2?', ...args } });
      assert.equal(result.isError, true, JSON.stringify(args));
      assert.match(errorText(result), message, JSON.stringify(args));
    }
    assert.equal(standin.stats().generationsStarted, before, 'no model request for bad input');
  });

  test('thinking counts toward maxTokens: the agent\'s token cap still holds', async () => {
    const result = await mcp.client.callTool({
      name: 'solve',
      arguments: { problem: 'What is (17*23)+5-9?', strategy: 'majority', samples: 8, thinkBudget: 400, maxTokens: 600 },
    });
    assert.notEqual(result.isError, true, errorText(result));
    const output = result.structuredContent as SolveOutput & { cost: { generatedTokens: number; tokenCap: number }; chains: { answered: number } };
    assert.equal(output.cost.tokenCap, 600);
    assert.ok(output.cost.generatedTokens <= 600, `${output.cost.generatedTokens} tokens generated`);
    const thinking = (await treeNodes(output)).reduce((sum, node) => sum + (node.thinkingTokens ?? 0), 0);
    assert.ok(thinking > 0 && thinking <= output.cost.generatedTokens, `${thinking} thinking tokens of ${output.cost.generatedTokens}`);
  });

  test('think "off" turns a thinking model\'s thinking off', async () => {
    const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 6 * 7?', strategy: 'majority', samples: 2, think: 'off' } });
    assert.notEqual(result.isError, true, errorText(result));
    assert.equal((result.structuredContent as SolveOutput).answer, '42');
    const nodes = await treeNodes(result.structuredContent as SolveOutput);
    assert.ok(nodes.every((node) => !node.thinkingTokens), JSON.stringify(nodes.map((n) => n.thinkingTokens)));
  });
});

describe('ponder mcp --think-budget', () => {
  test('the server\'s budget applies when the agent gives none', async () => {
    const standin = await startStandin({ parallel: 2 });
    const mcp = await startPonderMcp(['--host', standin.url, '--model', 'qwen3:1.7b', '--think-budget', '4']);
    try {
      const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is (17*23)+5-9?', strategy: 'majority', samples: 2 } });
      assert.notEqual(result.isError, true, errorText(result));
      const read = await mcp.client.readResource({ uri: (result.structuredContent as SolveOutput).treeUri });
      const nodes = (JSON.parse((read.contents[0] as { text: string }).text) as { nodes: TreeNode[] }).nodes.filter((n) => n.thinkingTokens !== undefined);
      assert.ok(nodes.length > 0 && nodes.every((n) => n.thinkingBudget === 4 && n.thinkingTokens === 4), JSON.stringify(nodes));
    } finally {
      await mcp.close();
      await standin.close();
    }
  });
});

describe('ponder mcp thinking flags', () => {
  test('bad values are refused as ponder solve refuses them', async () => {
    for (const [args, message] of [
      [['--think', 'maybe'], /--think must be one of off, on, low, medium, high, not "maybe"/],
      [['--think-budget', '0'], /--think-budget must be at least 1, not 0/],
      [['--think', 'off', '--think-budget', '64'], /--think-budget needs thinking/],
      [['--think-budget', '16', '--think-min', '32'], /--think-min \(32\) must be at most --think-budget \(16\)/],
    ] as const) {
      const io = recordingIo();
      const code = await main(['mcp', '--sim', ...args], io);
      assert.equal(code, 2, `${args.join(' ')}: ${io.err()}`);
      assert.match(io.err(), message);
    }
  });
});
