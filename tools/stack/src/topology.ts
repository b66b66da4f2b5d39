import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPONENTS_DIR, DAPR_BIN_DIR, DATA_DIR, KAFKA_HOME, ROOT, RUN_DIR, SENTRY_DIR } from './paths.js';
import { stackSecrets, type StackSecrets } from './secrets.js';
import { asPostgresUser, initPostgres, POSTGRES_PORT, postgresBinDir, resourcesDir, storeEngine, storeEnv, type StoreEngine } from './stores.js';

export type HealthCheck = { kind: 'http'; url: string } | { kind: 'kafka'; brokers: string } | { kind: 'command'; command: string; args: string[] };

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  /** A function is called at each spawn: for what exists only once an earlier process is up. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Ports that must be free before the process starts, with what they are for. */
  ports: Record<number, string>;
  health: HealthCheck;
  dependsOn: string[];
  /** Shown to the user once everything is healthy. */
  url?: string;
  /** Lines not worth echoing on the console (they still go to the log file). */
  chatter?: RegExp;
}

export const KAFKA_BROKERS = '127.0.0.1:9092';
/**
 * `STACK_PROFILING=1 npm run up`: the sidecars serve Go's pprof endpoints on ports 7771 to 7774,
 * and the apps write V8 CPU profiles to .run/profiles when they stop.
 */
const PROFILING = process.env.STACK_PROFILING === '1';
/**
 * Every fixed port of the local stack stays below 32768, out of Linux's ephemeral range: a
 * sidecar's outgoing connection (to sentry, placement, the scheduler) takes its source port from
 * that range, and once took a port a sidecar starting later was about to listen on.
 */
const PLACEMENT = { port: 5105, healthz: 5185, metrics: 5195 };
/**
 * The scheduler's embedded etcd: history compacted every 10 minutes, a snapshot every 10,000
 * writes so that old WAL files can go, and two of each kept (the chart sets the same).
 */
export const SCHEDULER_ETCD_RETENTION = [
  '--etcd-compaction-mode',
  'periodic',
  '--etcd-compaction-retention',
  '10m',
  '--etcd-snapshot-count',
  '10000',
  '--etcd-max-snapshots',
  '2',
  '--etcd-max-wals',
  '2',
];
const SCHEDULER = { port: 5106, healthz: 5186, metrics: 5196, etcdClient: 2379, etcdPeer: 2380 };
const SENTRY = { port: 5107, healthz: 5187, metrics: 5197 };
/**
 * mTLS as in the cluster: sentry is the CA, every sidecar gets a SPIFFE identity from it
 * (spiffe://public/ns/default/<app-id>), and Dapr's access policy (components/configuration*.yaml)
 * decides on that identity which app may invoke what. Without mTLS the policy cannot know the
 * caller and denies everything. Locally sentry signs any request (its self-hosted validator);
 * in the cluster it checks each pod's service account.
 */
const TRUST_DOMAIN = 'localhost';
const NAMESPACE = 'default';
const SENTRY_ADDRESS = `127.0.0.1:${SENTRY.port}`;
const TRUST_ANCHORS_FILE = join(SENTRY_DIR, 'ca.crt');
const controlPlaneTls = ['--tls-enabled', '--trust-domain', TRUST_DOMAIN, '--trust-anchors-file', TRUST_ANCHORS_FILE, '--sentry-address', SENTRY_ADDRESS];

interface AppSpec {
  id: 'order' | 'orchestrator' | 'inventory' | 'payment';
  /** The process's name: the app's id, and `<id>-<n>` for its replica n from the second on. */
  name: string;
  /** The public surface, and the internal one on loopback (Dapr's app-port). */
  port: number;
  internalPort: number;
  /** Sidecar ports: HTTP API, gRPC API, internal gRPC, metrics. */
  dapr: { http: number; grpc: number; internal: number; metrics: number; profile: number };
  env?: Record<string, string>;
}

/** Fixed local ports: one block per app, app ports as in the README. */
export const APPS: AppSpec[] = [
  { id: 'order', name: 'order', port: 8080, internalPort: 18080, dapr: { http: 3500, grpc: 5101, internal: 5111, metrics: 9191, profile: 7771 } },
  { id: 'inventory', name: 'inventory', port: 8081, internalPort: 18081, dapr: { http: 3501, grpc: 5102, internal: 5112, metrics: 9192, profile: 7772 } },
  {
    id: 'payment',
    name: 'payment',
    port: 8082,
    internalPort: 18082,
    dapr: { http: 3502, grpc: 5103, internal: 5113, metrics: 9193, profile: 7773 },
    env: { KAFKA_BROKERS },
  },
  { id: 'orchestrator', name: 'orchestrator', port: 8083, internalPort: 18083, dapr: { http: 3503, grpc: 5104, internal: 5114, metrics: 9194, profile: 7774 } },
];

/**
 * `STACK_REPLICAS=2 npm run up`: every app runs that many times, each replica with its own
 * sidecar under the same app id, so that Dapr's name resolution, placement, the scheduler and
 * Kafka's consumer group share the work between them, as between pods.
 */
export const MAX_REPLICAS = 3;
export function stackReplicas(value = process.env.STACK_REPLICAS ?? '1'): number {
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_REPLICAS) return n;
  throw new Error(`STACK_REPLICAS must be a whole number from 1 to ${MAX_REPLICAS}, not "${value}"`);
}

/**
 * Replica n (from 1) of an app. With one replica it is the app as listed. With more, the public
 * port goes to a balancer (as a Kubernetes Service would hold it) and replica n listens on
 * port + 10 n (8090 and 8100 for the order service's two); its internal and sidecar ports move up
 * by 100 per replica.
 */
export function replicaOf(app: AppSpec, n: number, replicas: number): AppSpec {
  const shift = 100 * (n - 1);
  const dapr = Object.fromEntries(Object.entries(app.dapr).map(([key, port]) => [key, port + shift])) as AppSpec['dapr'];
  return {
    ...app,
    name: n === 1 ? app.id : `${app.id}-${n}`,
    port: replicas === 1 ? app.port : app.port + 10 * n,
    internalPort: app.internalPort + shift,
    dapr,
  };
}

/** Every replica of an app, by its id: the one place the other helpers and the benches read them from. */
export function replicasOf(id: AppSpec['id'], replicas = stackReplicas()): AppSpec[] {
  const app = APPS.find((candidate) => candidate.id === id)!;
  return Array.from({ length: replicas }, (_, i) => replicaOf(app, i + 1, replicas));
}

/** The processes of an app's replicas, by name: `order`, `order-2`... */
export function replicaNames(id: AppSpec['id'], replicas = stackReplicas()): string[] {
  return replicasOf(id, replicas).map((replica) => replica.name);
}

/** Each replica's own public URL, for what must be read from every one (Prometheus scrapes each pod). */
export function replicaUrls(id: AppSpec['id'], replicas = stackReplicas()): string[] {
  return replicasOf(id, replicas).map((replica) => `http://127.0.0.1:${replica.port}`);
}

/** Spreads the connections to an app's public port over its replicas, round robin. */
function balancer(app: AppSpec, replicas: AppSpec[]): ProcessSpec {
  return {
    name: `${app.id}-balancer`,
    command: process.execPath,
    args: [join(ROOT, 'tools', 'stack', 'dist', 'balancer.js'), String(app.port), ...replicas.map((replica) => String(replica.port))],
    ports: { [app.port]: `${app.id}, spread over its replicas` },
    health: { kind: 'http', url: `http://127.0.0.1:${app.port}/healthz` },
    dependsOn: replicas.map((replica) => replica.name),
    url: `http://localhost:${app.port}`,
  };
}

export function kafkaProcess(): ProcessSpec {
  return {
    name: 'kafka',
    command: 'java',
    args: [
      '-Xms256m',
      '-Xmx768m',
      `-Dlog4j.configuration=file:${join(KAFKA_HOME, 'config', 'log4j.properties')}`,
      '-cp',
      join(KAFKA_HOME, 'libs', '*'),
      'kafka.Kafka',
      join(RUN_DIR, 'kafka', 'server.properties'),
    ],
    ports: { 9092: 'Kafka broker', 9093: 'Kafka controller' },
    health: { kind: 'kafka', brokers: KAFKA_BROKERS },
    dependsOn: [],
    url: `kafka://${KAFKA_BROKERS}`,
  };
}

/** STACK_STORE=postgres: the stores' server, on loopback, password logins only. */
function postgres(password: string): ProcessSpec {
  const dir = initPostgres(password);
  const bin = postgresBinDir();
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(POSTGRES_PORT),
    // No Unix socket: Debian's default folder for it belongs to the system's own server.
    unix_socket_directories: '',
    // Every sidecar of every replica holds a pool per store.
    max_connections: '300',
  };
  const args = ['-D', dir, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
  return {
    name: 'postgres',
    ...asPostgresUser(join(bin, 'postgres'), args),
    ports: { [POSTGRES_PORT]: 'PostgreSQL' },
    health: { kind: 'command', command: join(bin, 'pg_isready'), args: ['--host', '127.0.0.1', '--port', String(POSTGRES_PORT), '--quiet'] },
    dependsOn: [],
    url: `postgresql://127.0.0.1:${POSTGRES_PORT}`,
  };
}

function sentry(): ProcessSpec {
  mkdirSync(RUN_DIR, { recursive: true });
  // Sentry watches the folder for a CA given to it, and writes the one it generates there.
  mkdirSync(SENTRY_DIR, { recursive: true, mode: 0o700 });
  const config = join(RUN_DIR, 'sentry.yaml');
  writeFileSync(config, SENTRY_CONFIG);
  return {
    name: 'sentry',
    command: join(DAPR_BIN_DIR, 'sentry'),
    args: [
      '--issuer-credentials',
      SENTRY_DIR,
      '--trust-domain',
      TRUST_DOMAIN,
      '--config',
      config,
      '--listen-address',
      '127.0.0.1',
      '--port',
      String(SENTRY.port),
      '--healthz-listen-address',
      '127.0.0.1',
      '--healthz-port',
      String(SENTRY.healthz),
      '--metrics-port',
      String(SENTRY.metrics),
      '--log-level',
      'warn',
    ],
    ports: { [SENTRY.port]: 'Dapr sentry', [SENTRY.healthz]: 'sentry healthz', [SENTRY.metrics]: 'sentry metrics' },
    health: { kind: 'http', url: `http://127.0.0.1:${SENTRY.healthz}/healthz` },
    dependsOn: [],
  };
}

/** Sentry's own configuration: it issues workload certificates for a day, as Dapr's default. */
const SENTRY_CONFIG = `apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: daprsystem
spec:
  mtls:
    enabled: true
    workloadCertTTL: 24h
    allowedClockSkew: 15m
`;

function controlPlane(): ProcessSpec[] {
  return [
    sentry(),
    {
      name: 'placement',
      command: join(DAPR_BIN_DIR, 'placement'),
      args: [
        '--listen-address',
        '127.0.0.1',
        '--port',
        String(PLACEMENT.port),
        '--healthz-port',
        String(PLACEMENT.healthz),
        '--metrics-port',
        String(PLACEMENT.metrics),
        ...controlPlaneTls,
        '--log-level',
        'warn',
      ],
      ports: { [PLACEMENT.port]: 'Dapr placement', [PLACEMENT.healthz]: 'placement healthz', [PLACEMENT.metrics]: 'placement metrics', 8201: 'placement raft' },
      health: { kind: 'http', url: `http://127.0.0.1:${PLACEMENT.healthz}/healthz` },
      dependsOn: ['sentry'],
    },
    {
      name: 'scheduler',
      command: join(DAPR_BIN_DIR, 'scheduler'),
      args: [
        '--listen-address',
        '127.0.0.1',
        '--port',
        String(SCHEDULER.port),
        '--healthz-port',
        String(SCHEDULER.healthz),
        '--metrics-port',
        String(SCHEDULER.metrics),
        '--etcd-data-dir',
        join(DATA_DIR, 'scheduler'),
        '--etcd-client-port',
        String(SCHEDULER.etcdClient),
        '--etcd-initial-cluster',
        `dapr-scheduler-server-0=http://127.0.0.1:${SCHEDULER.etcdPeer}`,
        // Bounded data: every workflow step writes and deletes a reminder, and with Dapr's defaults
        // etcd keeps a million revisions of that history and up to ten 64 MB WAL files.
        ...SCHEDULER_ETCD_RETENTION,
        ...controlPlaneTls,
        '--log-level',
        'warn',
      ],
      ports: {
        [SCHEDULER.port]: 'Dapr scheduler',
        [SCHEDULER.healthz]: 'scheduler healthz',
        [SCHEDULER.metrics]: 'scheduler metrics',
        [SCHEDULER.etcdClient]: 'scheduler etcd',
        [SCHEDULER.etcdPeer]: 'scheduler etcd peer',
      },
      health: { kind: 'http', url: `http://127.0.0.1:${SCHEDULER.healthz}/healthz` },
      dependsOn: ['sentry'],
      // The embedded etcd logs every step at info, whatever --log-level says.
      chatter: /^\{"level":"(debug|info)"/,
    },
  ];
}

/**
 * The sidecars' configuration. `SAGA_RETENTION=90s npm run up` purges finished workflows that
 * soon instead of after the 72h of components/configuration-local.yaml: a copy with that
 * retention is written to .run and used instead.
 */
function sidecarConfig(): string {
  const source = join(COMPONENTS_DIR, 'configuration-local.yaml');
  const retention = process.env.SAGA_RETENTION;
  if (!retention) return source;
  if (!/^\d+(ms|s|m|h)$/.test(retention)) throw new Error(`SAGA_RETENTION must be a duration such as 90s, 30m or 72h, not "${retention}"`);
  const config = readFileSync(source, 'utf8');
  if (!/anyTerminal: \S+/.test(config)) throw new Error(`${source} sets no workflow stateRetentionPolicy.anyTerminal for SAGA_RETENTION to replace`);
  const target = join(RUN_DIR, 'configuration-local.yaml');
  writeFileSync(target, config.replace(/anyTerminal: \S+/, `anyTerminal: ${retention}`));
  return target;
}

/** A sidecar of the stack talks mTLS, with the certificate sentry issues it. */
export const SIDECAR_MTLS = ['--enable-mtls', '--sentry-address', SENTRY_ADDRESS, '--control-plane-trust-domain', TRUST_DOMAIN];

/** Sentry writes its CA on its first start: read when a sidecar starts, after sentry is up. */
function sidecarSecurityEnv(tokens: StackSecrets['apps'][string]): Record<string, string> {
  return {
    NAMESPACE,
    DAPR_TRUST_ANCHORS: readFileSync(TRUST_ANCHORS_FILE, 'utf8'),
    APP_API_TOKEN: tokens.appApiToken,
    DAPR_API_TOKEN: tokens.daprApiToken,
  };
}

/**
 * For a sidecar and an app that the Dapr CLI starts (`dapr run -f .`, dapr.yaml): what the stack
 * gives its own, the mTLS flags, the tokens and the trust anchors.
 */
export function underDaprCli(appId: string): { sidecarEnv: () => Record<string, string>; app: ProcessSpec } {
  const app = APPS.find((a) => a.id === appId);
  if (!app) throw new Error(`no app "${appId}": one of ${APPS.map((a) => a.id).join(', ')}`);
  const secrets = stackSecrets(APPS.map((a) => a.id));
  return { sidecarEnv: () => sidecarSecurityEnv(secrets.apps[app.id]!), app: application(app, secrets) };
}

interface Sidecars {
  config: string;
  resources: string;
  engine: StoreEngine;
  secrets: StackSecrets;
}

function sidecar(app: AppSpec, { config, resources, engine, secrets }: Sidecars): ProcessSpec {
  const tokens = secrets.apps[app.id]!;
  return {
    name: `${app.name}-dapr`,
    command: join(DAPR_BIN_DIR, 'daprd'),
    args: [
      '--app-id',
      app.id,
      '--app-port',
      String(app.internalPort),
      '--app-channel-address',
      '127.0.0.1',
      '--app-protocol',
      'http',
      '--dapr-listen-addresses',
      '127.0.0.1',
      '--dapr-http-port',
      String(app.dapr.http),
      '--dapr-grpc-port',
      String(app.dapr.grpc),
      '--dapr-internal-grpc-port',
      String(app.dapr.internal),
      '--metrics-port',
      String(app.dapr.metrics),
      '--resources-path',
      resources,
      '--config',
      config,
      '--placement-host-address',
      `127.0.0.1:${PLACEMENT.port}`,
      '--scheduler-host-address',
      `127.0.0.1:${SCHEDULER.port}`,
      ...SIDECAR_MTLS,
      '--log-level',
      'warn',
      // Go's pprof endpoints (/debug/pprof) of each sidecar, for profiling under load.
      ...(PROFILING ? ['--enable-profiling', '--profile-port', String(app.dapr.profile)] : []),
    ],
    env: () => ({ DAPR_HOST_IP: '127.0.0.1', KAFKA_BROKERS, ...storeEnv(engine, secrets.postgresPassword), ...sidecarSecurityEnv(tokens) }),
    ports: {
      [app.dapr.http]: `${app.name} sidecar HTTP`,
      [app.dapr.grpc]: `${app.name} sidecar gRPC`,
      [app.dapr.internal]: `${app.name} sidecar internal gRPC`,
      [app.dapr.metrics]: `${app.name} sidecar metrics`,
      ...(PROFILING && { [app.dapr.profile]: `${app.name} sidecar pprof` }),
    },
    health: { kind: 'http', url: `http://127.0.0.1:${app.dapr.http}/v1.0/healthz` },
    dependsOn: ['kafka', 'sentry', 'placement', 'scheduler', ...(engine === 'postgres' ? ['postgres'] : [])],
  };
}

function application(app: AppSpec, secrets: StackSecrets, replicas = 1): ProcessSpec {
  const tokens = secrets.apps[app.id]!;
  return {
    name: app.name,
    command: process.execPath,
    args: [
      '--enable-source-maps',
      // V8 CPU profiles, written when the app exits (npm run down), for profiling under load.
      ...(PROFILING ? ['--cpu-prof', '--cpu-prof-dir', join(RUN_DIR, 'profiles')] : []),
      join(ROOT, 'apps', app.id, 'dist', 'main.js'),
    ],
    env: {
      PORT: String(app.port),
      INTERNAL_PORT: String(app.internalPort),
      APP_API_TOKEN: tokens.appApiToken,
      DAPR_API_TOKEN: tokens.daprApiToken,
      OPERATOR_TOKEN: secrets.operatorToken,
      DAPR_HTTP_PORT: String(app.dapr.http),
      DAPR_GRPC_PORT: String(app.dapr.grpc),
      // What a pod's name is in the cluster: which replica this is, in its logs and its own records.
      HOSTNAME: app.name,
      ...app.env,
    },
    ports: { [app.port]: `${app.name} app`, [app.internalPort]: `${app.name} app, internal (Dapr's app-port)` },
    health: { kind: 'http', url: `http://127.0.0.1:${app.port}/healthz` },
    dependsOn: ['kafka', 'placement', 'scheduler'],
    ...(replicas === 1 && { url: `http://localhost:${app.port}` }),
  };
}

/**
 * Every process of the local stack, in start order; they stop in reverse. `STACK_APPS=none`
 * starts Kafka, placement and scheduler only, for the apps run by the Dapr CLI (dapr.yaml).
 */
export function localStack(apps = process.env.STACK_APPS !== 'none'): ProcessSpec[] {
  const engine = storeEngine();
  const replicas = stackReplicas();
  const secrets = stackSecrets(APPS.map((app) => app.id));
  const sidecars: Sidecars = { config: sidecarConfig(), resources: resourcesDir(engine), engine, secrets };
  return [
    ...(engine === 'postgres' ? [postgres(secrets.postgresPassword)] : []),
    kafkaProcess(),
    ...controlPlane(),
    ...(apps ? APPS.flatMap((app) => appProcesses(app, replicas, sidecars)) : []),
  ];
}

/** An app's replicas, each after its sidecar, and their balancer when there are several. */
function appProcesses(app: AppSpec, replicas: number, sidecars: Sidecars): ProcessSpec[] {
  const all = replicasOf(app.id, replicas);
  const processes = all.flatMap((replica) => [sidecar(replica, sidecars), application(replica, sidecars.secrets, replicas)]);
  return replicas === 1 ? processes : [...processes, balancer(app, all)];
}
