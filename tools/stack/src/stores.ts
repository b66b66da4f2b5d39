import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { COMPONENTS_DIR, DATA_DIR, RUN_DIR } from './paths.js';

/**
 * Where the apps' state lives on the local stack. `sqlite` (the default) is one file per store in
 * data/; `STACK_STORE=postgres` is one database per store on a PostgreSQL server the stack starts,
 * as in the cluster's production values, and what several replicas of an app need to share.
 */
export type StoreEngine = 'sqlite' | 'postgres';

export function storeEngine(value = process.env.STACK_STORE ?? 'sqlite'): StoreEngine {
  if (value === 'sqlite' || value === 'postgres') return value;
  throw new Error(`STACK_STORE must be sqlite or postgres, not "${value}"`);
}

/** The components whose connection the stack gives, each through its envRef. */
interface Store {
  component: string;
  env: string;
  file: string;
}

/** One line per file in components/ of type state.sqlite; a test holds the two together. */
export const STORES: readonly Store[] = [
  { component: 'order-store', env: 'ORDER_STORE_CONNECTION', file: 'order.db' },
  { component: 'inventory-store', env: 'INVENTORY_STORE_CONNECTION', file: 'inventory.db' },
  { component: 'payment-store', env: 'PAYMENT_STORE_CONNECTION', file: 'payment.db' },
  { component: 'workflow-store', env: 'WORKFLOW_STORE_CONNECTION', file: 'workflow.db' },
  { component: 'saga-log-store', env: 'SAGA_LOG_STORE_CONNECTION', file: 'saga-log.db' },
];

/** Below 32768 like every fixed port of the stack, and not 5432, which a laptop's own server may hold. */
export const POSTGRES_PORT = 15432;
export const POSTGRES_USER = 'ticket_saga';
const database = (store: Store) => store.component.replaceAll('-', '_');

/** The envRef values the sidecars read: a file per store, or a database per store. */
export function storeEnv(engine: StoreEngine, postgresPassword: string): Record<string, string> {
  return Object.fromEntries(
    STORES.map((store) => [
      store.env,
      engine === 'sqlite'
        ? join(DATA_DIR, store.file)
        : `host=127.0.0.1 port=${POSTGRES_PORT} user=${POSTGRES_USER} password=${postgresPassword} database=${database(store)} sslmode=disable`,
    ]),
  );
}

/**
 * The sidecars' resources folder. For sqlite, components/ itself. For postgres, a copy in .run in
 * which every state.sqlite component becomes state.postgresql v2 and loses the metadata only
 * sqlite knows; the rest (name, scopes, envRef, actorStateStore) is the file in components/.
 */
export function resourcesDir(engine: StoreEngine): string {
  if (engine === 'sqlite') return COMPONENTS_DIR;
  const target = join(RUN_DIR, 'components-postgres');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(COMPONENTS_DIR).filter((file) => file.endsWith('.yaml'))) {
    writeFileSync(join(target, name), onPostgres(readFileSync(join(COMPONENTS_DIR, name), 'utf8')));
  }
  return target;
}

const SQLITE_ONLY = new Set(['busyTimeout', 'disableWAL', 'cleanupInterval']);

/** A component file as it reads on PostgreSQL; other files come back unchanged. */
export function onPostgres(text: string): string {
  const doc = parseDocument(text);
  if (doc.getIn(['spec', 'type']) !== 'state.sqlite') return text;
  doc.setIn(['spec', 'type'], 'state.postgresql');
  doc.setIn(['spec', 'version'], 'v2');
  const metadata = doc.getIn(['spec', 'metadata']) as { items: { get(key: string): unknown }[] };
  metadata.items = metadata.items.filter((entry) => !SQLITE_ONLY.has(String(entry.get('name'))));
  return doc.toString();
}

/** Debian's server binaries, newest major version first. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('STACK_STORE=postgres needs PostgreSQL: `npm run setup` installs it as root (Debian package postgresql)');
  return join(root, newest, 'bin');
}

/**
 * PostgreSQL refuses to run as root. Run by root, the server runs as Debian's `postgres` user, and
 * its data folder sits under that user's home (a clone in /root is out of its reach), one folder
 * per clone; otherwise it is data/postgres like the rest.
 */
const asRoot = () => process.getuid?.() === 0;
export function postgresDataDir(): string {
  if (!asRoot()) return join(DATA_DIR, 'postgres');
  const clone = createHash('sha256').update(DATA_DIR).digest('hex').slice(0, 12);
  return join('/var/lib/postgresql/ticket-saga', clone);
}

/** The command line for a PostgreSQL binary, dropped to the `postgres` user when run by root. */
export function asPostgresUser(binary: string, args: string[]): { command: string; args: string[] } {
  if (!asRoot()) return { command: binary, args };
  return { command: 'setpriv', args: ['--reuid=postgres', '--regid=postgres', '--init-groups', binary, ...args] };
}

/**
 * A new data folder: initdb with password logins only, then one database per store, made in
 * single-user mode so that no server has to be up yet. Does nothing when the folder is there.
 */
export function initPostgres(password: string): string {
  const dir = postgresDataDir();
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const bin = postgresBinDir();
  // The parent stays open to the server's user, who owns only the folder itself.
  mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o700 });
  const passwordFile = `${dir}.pw`;
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (asRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  try {
    run(join(bin, 'initdb'), [
      '--pgdata',
      dir,
      '--username',
      POSTGRES_USER,
      '--pwfile',
      passwordFile,
      '--auth',
      'scram-sha-256',
      '--encoding',
      'UTF8',
      '--no-instructions',
    ]);
    const statements = STORES.map((store) => `CREATE DATABASE ${database(store)};`).join('\n');
    run(join(bin, 'postgres'), ['--single', '-D', dir, 'postgres'], `${statements}\n`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
  return dir;
}

function run(binary: string, args: string[], input?: string): void {
  const line = asPostgresUser(binary, args);
  try {
    execFileSync(line.command, line.args, { input, encoding: 'utf8', stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`${binary} ${args[0]} failed: ${stderr || String(err)}`, { cause: err });
  }
}

function postgresIds(): { uid: number; gid: number } {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((line) => line.startsWith('postgres:'));
  if (!entry) throw new Error('no `postgres` user to run PostgreSQL as: install Debian package postgresql (`npm run setup` does)');
  const [, , uid, gid] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
