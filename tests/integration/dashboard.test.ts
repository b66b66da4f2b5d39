import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  acceptedOrder,
  createItem,
  finalOrders,
  json,
  ORCHESTRATOR_URL,
  orderFor,
  orderTheSagaRejects,
  pollUntil,
  quietOrchestrator,
  sagaSettings,
} from './support/api.js';
import { stackSecrets } from './support/callers.js';

const SCREENSHOT = join(import.meta.dirname, '..', '..', 'docs', 'dashboard.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface StepStats {
  step: string;
  inProgress: number;
  completed: number;
  failed: number;
}

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(() => browser?.close());

describe('the saga dashboard in a real browser', () => {
  it('draws the saga with the live counts per step, and a saga’s timeline from the saga log', async () => {
    // The page and the API agree once counts stand still: no saga left running by earlier tests.
    await quietOrchestrator();
    const { paymentTimeoutSeconds } = await sagaSettings();
    const itemId = await createItem(20);
    const ids = await Promise.all([
      acceptedOrder(orderFor(itemId, 2)),
      acceptedOrder(orderFor(itemId, 1, 'tok_error_2')),
      acceptedOrder(orderFor(itemId, 1, 'tok_decline')),
      orderTheSagaRejects(),
      acceptedOrder(orderFor(itemId, 1, 'tok_error_99')),
      acceptedOrder(orderFor(itemId, 1, 'tok_timeout')),
    ]);
    const orders = await finalOrders(ids, (paymentTimeoutSeconds + 60) * 1000);
    expect(orders.map((o) => o.status)).toEqual(['COMPLETED', 'COMPLETED', 'PAYMENT_DECLINED', 'REJECTED', 'FAILED', 'PAYMENT_TIMEOUT']);
    const timedOut = orders[5]!.id;

    const page = await browser.newPage({ viewport: { width: 1500, height: 1250 } });
    await page.goto(ORCHESTRATOR_URL);

    // Every box shows what the orchestrator counts for its step (live: both settle together).
    await pollUntil(
      async () => {
        const expected = (await json<{ steps: StepStats[] }>(await fetch(`${ORCHESTRATOR_URL}/api/dashboard`))).steps;
        const shown = await page.$$eval('#diagram .box', (boxes) =>
          boxes.map((b) => ({
            step: b.getAttribute('data-step'),
            completed: Number(b.getAttribute('data-completed')),
            failed: Number(b.getAttribute('data-failed')),
          })),
        );
        return (
          shown.every((s) => {
            const e = expected.find((x) => x.step === s.step);
            return e !== undefined && e.completed === s.completed && e.failed === s.failed;
          }) && shown.length === expected.length
        );
      },
      (matches) => matches,
      15_000,
    );
    expect(Number(await page.getAttribute('#step-requestPayment', 'data-failed'))).toBeGreaterThanOrEqual(2 + 4);
    expect(Number(await page.getAttribute('#step-timeOutOrder', 'data-completed'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#diagram .box.slowest').count()).toBe(1);

    // Filter the list to timed-out sagas, open ours, read its timeline.
    await page.selectOption('#filters [name=status]', 'PAYMENT_TIMEOUT');
    await page.click(`#sagas tr[data-order-id="${timedOut}"]`);
    await pollUntil(
      () => page.locator('#timeline tbody tr').count(),
      // OrderPlaced, then reserveTickets, requestPayment, voidPayment, releaseReservation, notifyCustomer, timeOutOrder.
      (rows) => rows >= 7,
      10_000,
    );
    const steps = await page.$$eval('#timeline tbody tr td:nth-child(4)', (cells) => cells.map((c) => c.textContent));
    expect(steps).toEqual(
      expect.arrayContaining(['OrderPlaced', 'reserveTickets', 'requestPayment', 'voidPayment', 'releaseReservation', 'timeOutOrder', 'notifyCustomer']),
    );
    expect(await page.textContent('#detail-summary')).toContain('PAYMENT_TIMEOUT');

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // An action without the operator's login is refused; logged in, the same click purges the saga.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.click('[data-action=purge]');
    await pollUntil(
      () => page.textContent('#action-result'),
      (text) => /operator token is required/.test(text ?? ''),
      10_000,
    );
    expect((await fetch(`${ORCHESTRATOR_URL}/api/sagas/${timedOut}`).then((r) => json<{ workflow: unknown }>(r))).workflow).not.toBeNull();
    await page.fill('#login [name=token]', stackSecrets().operatorToken);
    await page.click('#login button');
    expect(await page.textContent('#login-state')).toBe('logged in as operator');
    await page.click('[data-action=purge]');
    await pollUntil(
      () => page.textContent('#action-result'),
      (text) => text === 'purge: done',
      10_000,
    );
    expect((await fetch(`${ORCHESTRATOR_URL}/api/sagas/${timedOut}`).then((r) => json<{ workflow: unknown }>(r))).workflow).toBeNull();
  }, 180_000);
});
