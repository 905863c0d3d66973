// Entry of the MCP server alone (bundled to dist/mcp.js): what the VS Code extension registers as its MCP
// server definition, without the rest of the CLI (benchmarks, plots) in the extension package.
// `node dist/mcp.js [options]` is `ponder mcp [options]`.
import { processIo } from '../cli/io';
import { UsageError } from '../cli/read-problem';
import { runMcp } from './command';

runMcp(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`ponder mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
