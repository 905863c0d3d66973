// `ponder lsp --stdio`: the Ponder language server for any editor, answering through standard LSP methods
// (code actions, executeCommand, progress, hover, showMessage, showDocument) as well as its own. It is the
// same server the VS Code extension starts; stdio is the default transport.
import type { CliIo } from './io';
import { UsageError } from './read-problem';

export const LSP_HELP = `Usage: ponder lsp [--stdio | --socket=PORT | --pipe=NAME | --node-ipc]

Runs the Ponder language server on stdio (the default) for editors without the Ponder extension:
select a problem, run the code action "Solve with Ponder", read the answer in a message and on hover,
and open the reasoning tree with the code action "Show Ponder's reasoning tree". Settings come from
the client's initializationOptions or workspace/configuration (section "ponder"). See docs/editors.md.
`;

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc'];
/** What vscode-languageserver reads with a value, as `--name=value` or `--name value` (node/main.js). */
const VALUE_PATTERNS: Record<string, RegExp> = { '--socket': /^\d{1,5}$/, '--pipe': /^.+$/, '--clientProcessId': /^\d+$/ };

/** How the language server library would read these arguments: the first it would not understand, and whether one names a transport. */
function readArguments(argv: readonly string[]): { unknown?: string; transport: boolean } {
  let transport = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (TRANSPORT_FLAGS.includes(arg)) {
      transport = true;
      continue;
    }
    const [name = '', inline] = arg.split(/=(.*)/s);
    const pattern = VALUE_PATTERNS[name];
    if (!pattern) return { unknown: arg, transport };
    const value = inline ?? argv[++i];
    if (value === undefined || !pattern.test(value)) return { unknown: inline === undefined && value !== undefined ? `${arg} ${value}` : arg, transport };
    if (name !== '--clientProcessId') transport = true;
  }
  return { transport };
}

export async function runLsp(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(LSP_HELP);
    return 0;
  }
  // vscode-languageserver reads its transport from the process's own arguments, and ignores what it does not
  // know: a mistyped transport (`--tcp`, `--socket=x`) would silently become stdio, so it is refused here.
  const { unknown, transport } = readArguments(argv);
  if (unknown !== undefined) throw new UsageError(`"${unknown}" is not a transport: give --stdio (the default), --socket=PORT, --pipe=NAME or --node-ipc`);
  if (!transport) process.argv.push('--stdio');
  await import('../server/main');
  // The connection ends the process when the client sends `exit` or closes the stream.
  return new Promise<number>(() => undefined);
}
