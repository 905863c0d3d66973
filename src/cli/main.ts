// `ponder`: the command-line front end of the engine. Subcommands: solve, bench, standin, mcp, lsp.
import { runBench } from './bench/index';
import { processIo } from './io';
import { describeFileSystemError, isFileSystemError } from './file-error';
import type { CliIo } from './io';
import { UsageError } from './read-problem';
import { runSolve } from './solve-command';
import { runMcp } from '../mcp/command';
import { runLsp } from './lsp-command';
import { runStandinCli } from '../standin/cli';

const HELP = `Ponder: verifier-guided test-time search over reasoning chains on a local Ollama model.

Usage:
  ponder solve "<problem>"   solve one problem, with live progress (ponder solve --help)
  ponder bench …             measure accuracy against compute (ponder bench --help)
  ponder standin …           run the Ollama stand-in server backed by the simulated reasoner
  ponder mcp                 serve Ponder to agents as an MCP server on stdio (ponder mcp --help)
  ponder lsp --stdio         the language server for any editor, through standard LSP (ponder lsp --help)
  ponder --version
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'solve':
        return await runSolve(rest, io);
      case 'bench':
        return await runBench(rest, io);
      case 'standin':
        return await runStandinCli(rest);
      case 'mcp':
        return await runMcp(rest, io);
      case 'lsp':
        return await runLsp(rest, io);
      case '--version':
      case '-v':
        io.stdout.write(`${process.env.PONDER_VERSION ?? 'dev'}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`ponder: ${error.message}\nRun \`ponder ${command ?? ''} --help\` for the options.\n`);
      return 2;
    }
    if (isFileSystemError(error)) {
      io.stderr.write(`ponder: ${describeFileSystemError(error)}\n`);
      return 1;
    }
    throw error;
  }
}

/** Runs the CLI with this process's arguments and sets its exit code: the bundle's entry point, and what the
 * published `ponder` command (bin/ponder.cjs) calls after requiring the bundle. */
export function runFromCommandLine(): void {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ponder: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runFromCommandLine();
