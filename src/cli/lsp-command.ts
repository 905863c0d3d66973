// `ponder lsp --stdio`: the Ponder language server for any editor, answering through standard LSP methods
// (code actions, executeCommand, progress, hover, showMessage, showDocument) as well as its own. It is the
// same server the VS Code extension starts; stdio is the default transport.
import type { CliIo } from './io';

export const LSP_HELP = `Usage: ponder lsp [--stdio | --socket=PORT]

Runs the Ponder language server on stdio (the default) for editors without the Ponder extension:
select a problem, run the code action "Solve with Ponder", read the answer in a message and on hover,
and open the reasoning tree with the code action "Show Ponder's reasoning tree". Settings come from
the client's initializationOptions or workspace/configuration (section "ponder"). See docs/editors.md.
`;

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc'];

export async function runLsp(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(LSP_HELP);
    return 0;
  }
  // vscode-languageserver reads its transport from the process's own arguments.
  const hasTransport = argv.some((arg) => TRANSPORT_FLAGS.includes(arg) || arg.startsWith('--socket=') || arg.startsWith('--pipe='));
  if (!hasTransport) process.argv.push('--stdio');
  await import('../server/main');
  // The connection ends the process when the client sends `exit` or closes the stream.
  return new Promise<number>(() => undefined);
}
