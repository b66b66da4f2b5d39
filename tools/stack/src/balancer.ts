#!/usr/bin/env node
/**
 * The local stack's stand-in for a Kubernetes Service in front of an app's replicas:
 * `balancer.js <port> <replica port>...` takes TCP connections on the app's public port and hands
 * each to the next replica in turn. A replica that refuses the connection (it is down or
 * restarting) is skipped, as a Service skips a pod that is not ready.
 */
import { connect, createServer, type Socket } from 'node:net';

const [listenPort, ...targets] = process.argv.slice(2).map(Number);
if (!listenPort || !targets.length || [listenPort, ...targets].some((port) => !Number.isInteger(port))) {
  console.error('usage: balancer.js <port> <replica port> [<replica port>...]');
  process.exit(2);
}

let next = 0;

function forward(client: Socket, tried = 0): void {
  if (tried === targets.length) return void client.destroy();
  const port = targets[next++ % targets.length]!;
  const upstream = connect({ host: '127.0.0.1', port });
  upstream.once('error', () => (upstream.bytesWritten || upstream.bytesRead ? client.destroy() : forward(client, tried + 1)));
  upstream.once('connect', () => {
    upstream.removeAllListeners('error');
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
    client.resume();
  });
}

const server = createServer({ pauseOnConnect: true }, (client) => {
  client.on('error', () => client.destroy());
  forward(client);
});
server.listen(listenPort, '127.0.0.1', () => console.log(`:${listenPort} -> ${targets.map((port) => `:${port}`).join(', ')}`));
// Open connections end with the process, as they do with a Service's endpoints going away.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
