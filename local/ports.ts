/** Port checks for the local emulators. */
import * as net from 'node:net';

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(
      `Port ${port} is already in use. Stop whatever uses it, or choose another port with ${variable}=<port>.`,
    );
    this.name = 'PortInUseError';
  }
}

/** Resolves with the port once something could listen on it; 0 returns a free random port. */
export const claimablePort = (port: number, host: string, variable: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(port, variable) : error,
      );
    });
    server.listen(port, host, () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
