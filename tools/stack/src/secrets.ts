import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SECRETS_FILE } from './paths.js';

/**
 * The local stack's secrets, generated on its first start and kept in data/ (never committed):
 * per app, the token its sidecar sends it (APP_API_TOKEN) and the one it sends its sidecar
 * (DAPR_API_TOKEN); the operator's token for the dashboard's actions and catalogue changes; and
 * the password of the stack's PostgreSQL (STACK_STORE=postgres).
 * `npm run wipe` deletes them with the data; the next start makes new ones.
 */
export interface StackSecrets {
  operatorToken: string;
  postgresPassword: string;
  apps: Record<string, { appApiToken: string; daprApiToken: string }>;
}

const token = () => randomBytes(24).toString('base64url');

/** The secrets the stack wrote, for tests and scripts that play its callers; undefined before its first start. */
export function readStackSecrets(): StackSecrets | undefined {
  return existsSync(SECRETS_FILE) ? (JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as StackSecrets) : undefined;
}

/** The stack's secrets, generating what is missing. */
export function stackSecrets(appIds: readonly string[]): StackSecrets {
  const existing = readStackSecrets();
  const secrets: StackSecrets = {
    operatorToken: existing?.operatorToken ?? token(),
    postgresPassword: existing?.postgresPassword ?? token(),
    apps: Object.fromEntries(appIds.map((id) => [id, existing?.apps[id] ?? { appApiToken: token(), daprApiToken: token() }])),
  };
  if (JSON.stringify(secrets) === JSON.stringify(existing)) return secrets;
  // Written whole, then renamed: the apps and sidecars the Dapr CLI starts read it at the same time.
  mkdirSync(dirname(SECRETS_FILE), { recursive: true });
  const partial = `${SECRETS_FILE}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, SECRETS_FILE);
  return secrets;
}
