import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where everything lives; the cache rule matches scripts/lib/common.sh. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DATA_DIR = process.env.TICKET_SAGA_DATA ?? join(ROOT, 'data');
export const RUN_DIR = join(ROOT, '.run');
export const LOG_DIR = join(RUN_DIR, 'logs');
export const STATUS_FILE = join(RUN_DIR, 'status.json');
export const SUPERVISOR_PID_FILE = join(RUN_DIR, 'supervisor.pid');
export const CHILD_PIDS_FILE = join(RUN_DIR, 'children.json');
export const COMPONENTS_DIR = join(ROOT, 'components');

export const DAPR_VERSION = process.env.DAPR_VERSION ?? '1.18.2';
export const KAFKA_VERSION = process.env.KAFKA_VERSION ?? '3.9.1';
const CACHE_DIR = process.env.TICKET_SAGA_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ticket-saga');
export const DAPR_BIN_DIR = process.env.DAPR_BIN_DIR ?? join(CACHE_DIR, 'dapr', DAPR_VERSION);
export const KAFKA_HOME = process.env.KAFKA_HOME ?? join(CACHE_DIR, 'kafka', KAFKA_VERSION);
/** helm, tilt, k6, the Dapr CLI...: built by `npm run setup` (scripts/install/tools.sh). */
export const TOOLS_BIN_DIR = process.env.TOOLS_BIN_DIR ?? join(CACHE_DIR, 'tools', 'bin');
