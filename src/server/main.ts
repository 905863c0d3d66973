// Entry of the Ponder language server (bundled to dist/server.js). The transport comes from the command
// line: `--node-ipc` (how the VS Code extension starts it), `--stdio` (other editors, tests) or `--socket=<port>`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// A stray rejection or exception is logged, not fatal: the editor keeps its server.
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`uncaught exception: ${error.stack ?? error.message}`));
// Over stdio or a socket the client is another editor: Ponder answers through standard LSP methods too.
startServer(connection, { standardLsp: !process.argv.includes('--node-ipc') });
