/** Network fixtures shared by the suites. */
import { createServer, type AddressInfo } from 'node:net';

/** A port nothing listens on: bound once by us, then closed. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
