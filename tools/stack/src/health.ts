import { Kafka, logLevel } from 'kafkajs';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import type { HealthCheck } from './topology.js';

export async function isHealthy(check: HealthCheck): Promise<boolean> {
  if (check.kind === 'kafka') return kafkaServing(check.brokers);
  if (check.kind === 'command') return succeeds(check.command, check.args);
  return httpOk(check.url);
}

/** A server's own readiness probe (pg_isready): its exit status is the answer. */
function succeeds(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => execFile(command, args, { timeout: 5000 }, (err) => resolve(!err)));
}

/** An open port is not a ready broker: ask it for the cluster's metadata. */
async function kafkaServing(brokers: string): Promise<boolean> {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Resolves once a port can be bound, i.e. nothing else listens on it. */
export function portFree(port: number): Promise<boolean> {
  return tcpOpen(port).then((open) => !open);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
