import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  /** The port actually bound (useful when 0 asked the system for a free one). */
  port: number;
  /** Stops accepting, lets requests in progress finish, then closes idle keep-alive connections. */
  close(): Promise<void>;
}

/** Starts an HTTP server; rejects when the address cannot be bound (in use, not permitted). */
export function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>,
  host: string,
  port: number,
): Promise<Listening> {
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error\n');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

export function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
