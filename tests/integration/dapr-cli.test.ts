import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { TOOLS_BIN_DIR } from '../../tools/stack/src/paths.js';
import { storeEngine, storeEnv } from '../../tools/stack/src/stores.js';
import { stackReplicas } from '../../tools/stack/src/topology.js';
import { createItem, getItem, getOrder, json, ORCHESTRATOR_URL, orderFor, placeOrder, pollUntil, type OrderView } from './support/api.js';
import { stackSecrets } from './support/callers.js';

// The Dapr CLI as a client of the running stack: the commands the README shows, run for real.
// A machine where `npm run setup` never ran has no CLI: the suite says so and skips. Where setup
// ran (CI does), a missing CLI is a failure, not a skip.
const CLI = join(TOOLS_BIN_DIR, 'dapr');
const SETUP_RAN = existsSync(join(TOOLS_BIN_DIR, 'helm'));
if (!existsSync(CLI) && !SETUP_RAN) console.warn(`SKIPPED: no Dapr CLI at ${CLI}; \`npm run setup\` builds it`);
const withCli = existsSync(CLI) || SETUP_RAN ? describe : describe.skip;

// The orchestrator's sidecar guards its API (DAPR_API_TOKEN): the CLI sends the token from its environment.
const dapr = async (...args: string[]) =>
  (await promisify(execFile)(CLI, args, { timeout: 30_000, env: { ...process.env, DAPR_API_TOKEN: stackSecrets().apps.orchestrator.daprApiToken } })).stdout;
// The workflow store the stack runs on: the sqlite file, or PostgreSQL's connection string.
const workflowStore = () => storeEnv(storeEngine(), stackSecrets().postgresPassword).WORKFLOW_STORE_CONNECTION!;
const listWorkflows = async () =>
  JSON.parse(await dapr('workflow', 'list', '-a', 'orchestrator', '-c', workflowStore(), '-o', 'json')) as Array<Record<string, string>>;
// `dapr workflow list` 1.16.5 queries SQL stores with `?` placeholders, which PostgreSQL refuses
// (the test below holds that): on PostgreSQL the same facts come from the orchestrator's API,
// which asks the runtime, and the other commands still go through the CLI.
const ON_POSTGRES = storeEngine() === 'postgres';
async function workflows(...ids: string[]): Promise<Array<Record<string, string>>> {
  if (!ON_POSTGRES) return listWorkflows();
  const states = await Promise.all(ids.map(async (id) => ({ id, res: await fetch(`${ORCHESTRATOR_URL}/sagas/${id}`) })));
  return Promise.all(
    states
      .filter(({ res }) => res.status === 200)
      .map(async ({ id, res }) => ({ instanceID: id, name: 'ticketSaga', ...(await json<Record<string, string>>(res)) })),
  );
}

/** An order whose payment never answers: its saga waits for PaymentProcessed. */
async function waitingSaga(itemId: string): Promise<string> {
  const order = await json<OrderView>(await placeOrder(orderFor(itemId, 1, 'tok_timeout')));
  await pollUntil(
    () => getOrder(order.id),
    (o) => o.step === 'awaitPayment',
    20_000,
  );
  return order.id;
}

withCli('the Dapr CLI against the local stack', () => {
  it('lists the four apps, each as many times as it has replicas', async () => {
    const apps = JSON.parse(await dapr('list', '-o', 'json')) as Array<{ appId: string }>;
    const ids = ['inventory', 'orchestrator', 'order', 'payment'];
    expect(apps.map((a) => a.appId).sort()).toEqual(ids.flatMap((id) => Array(stackReplicas()).fill(id)));
  });

  it('lists sagas, raises the payment event one waits for, terminates another, and purges the finished one', async () => {
    const itemId = await createItem(10);
    const [paid, abandoned] = [await waitingSaga(itemId), await waitingSaga(itemId)];
    const running = await workflows(paid, abandoned);
    expect(running.find((w) => w.instanceID === paid)).toMatchObject({ name: 'ticketSaga', runtimeStatus: 'RUNNING' });

    const event = { paymentId: `pay_cli_${paid.slice(0, 8)}`, orderId: paid, outcome: 'APPROVED', processedAt: new Date().toISOString() };
    await dapr('workflow', 'raise-event', '-a', 'orchestrator', `${paid}/PaymentProcessed`, '-x', JSON.stringify(event));
    await dapr('workflow', 'terminate', '-a', 'orchestrator', abandoned);

    expect(
      await pollUntil(
        () => getOrder(paid),
        (o) => o.status !== 'PENDING',
        20_000,
      ),
    ).toMatchObject({ status: 'COMPLETED' });
    await pollUntil(
      () => workflows(abandoned),
      (list) => list.find((w) => w.instanceID === abandoned)?.runtimeStatus === 'TERMINATED',
      20_000,
    );
    // The finished saga's history is purged once the dashboard has recorded its end (a saga
    // purged before its end was recorded would stay RUNNING in the dashboard's index).
    await pollUntil(
      async () => json<{ summary?: { status: string } }>(await fetch(`${ORCHESTRATOR_URL}/api/sagas/${paid}`)),
      (saga) => saga.summary?.status === 'COMPLETED',
      30_000,
    );
    await dapr('workflow', 'purge', '-a', 'orchestrator', paid);
    expect((await workflows(paid)).map((w) => w.instanceID)).not.toContain(paid);
    expect(await getItem(itemId)).toMatchObject({ sold: 1 });
  }, 120_000);

  it(`dapr workflow list reads the ${storeEngine()} workflow store: sqlite yes; PostgreSQL not, the CLI sends \`?\` placeholders`, async () => {
    // On PostgreSQL this fails the day the CLI is fixed: then use it there too.
    if (ON_POSTGRES) await expect(listWorkflows()).rejects.toThrow(/syntax error at or near ";"/);
    else expect(Array.isArray(await listWorkflows())).toBe(true);
  });
});
