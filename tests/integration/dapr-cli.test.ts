import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { DATA_DIR, TOOLS_BIN_DIR } from '../../tools/stack/src/paths.js';
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
const workflows = async () =>
  JSON.parse(await dapr('workflow', 'list', '-a', 'orchestrator', '-c', join(DATA_DIR, 'workflow.db'), '-o', 'json')) as Array<Record<string, string>>;

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
  it('lists the four apps', async () => {
    const apps = JSON.parse(await dapr('list', '-o', 'json')) as Array<{ appId: string }>;
    expect(apps.map((a) => a.appId).sort()).toEqual(['inventory', 'orchestrator', 'order', 'payment']);
  });

  it('lists sagas, raises the payment event one waits for, terminates another, and purges the finished one', async () => {
    const itemId = await createItem(10);
    const [paid, abandoned] = [await waitingSaga(itemId), await waitingSaga(itemId)];
    const running = await workflows();
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
    await pollUntil(workflows, (list) => list.find((w) => w.instanceID === abandoned)?.runtimeStatus === 'TERMINATED', 20_000);
    // The finished saga's history is purged once the dashboard has recorded its end (a saga
    // purged before its end was recorded would stay RUNNING in the dashboard's index).
    await pollUntil(
      async () => json<{ summary?: { status: string } }>(await fetch(`${ORCHESTRATOR_URL}/api/sagas/${paid}`)),
      (saga) => saga.summary?.status === 'COMPLETED',
      30_000,
    );
    await dapr('workflow', 'purge', '-a', 'orchestrator', paid);
    expect((await workflows()).map((w) => w.instanceID)).not.toContain(paid);
    expect(await getItem(itemId)).toMatchObject({ sold: 1 });
  }, 120_000);
});
