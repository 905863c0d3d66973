// The TCP side of the stand-in. Connections are accepted by a plain net.Server and handed to the HTTP
// server, so the listener can be closed (the `refuse` fault: clients get ECONNREFUSED) and opened again
// on the same port while the HTTP server and its state live on. Every socket is tracked so close() and
// `refuse` can destroy them all.
import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import { createServer } from 'node:net';

export class Listener {
  private server: NetServer | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly http: HttpServer,
    private readonly host: string,
  ) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  async open(port: number): Promise<void> {
    if (this.server) return;
    const server = createServer({ noDelay: true }, (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.http.emit('connection', socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  /** Stops accepting and destroys every open connection. */
  async shut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.destroySockets();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  destroySockets(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
