// A TCP listener at the address an untrusted workspace names as its Ollama host. Nothing should ever connect
// to it: every connection is recorded (with the first bytes it sent) and closed at once.
// The suite inside the extension host asks it how many connections it has seen by sending QUERY; those
// questions are answered and not counted.
import type { Socket } from 'node:net';
import { createServer } from 'node:net';

export const TRAP_QUERY = 'PONDER-E2E-TRAP-COUNT?';

export interface ConnectionTrap {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The first bytes of every connection that was not a count query (an HTTP request line, say). */
  intrusions(): readonly string[];
  close(): Promise<void>;
}

export async function startConnectionTrap(): Promise<ConnectionTrap> {
  const connections: { first: string; query: boolean }[] = [];
  const intrusions = (): string[] => connections.filter((c) => !c.query).map((c) => c.first);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // A connection counts even if it never sends anything.
    const connection = { first: '(connected, sent nothing)', query: false };
    connections.push(connection);
    socket.once('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (text.startsWith(TRAP_QUERY)) {
        connection.query = true;
        socket.end(`${intrusions().length}\n`);
        return;
      }
      connection.first = text.slice(0, 200).split('\r\n')[0] ?? '';
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the connection trap has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    intrusions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
