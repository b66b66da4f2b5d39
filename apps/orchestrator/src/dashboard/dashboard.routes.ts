import { OrderStatusSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow, type OperatorGuard } from '@ticket-saga/service-kit';
import express, { Router } from 'express';
import { z } from 'zod';
import type { SagaSettings } from '../saga/saga-types.js';
import type { SagaLog } from '../monitor/saga-log.js';
import type { SagaIndex } from '../monitor/saga-index.js';
import type { SagaMonitor } from '../monitor/saga-monitor.js';
import type { SagaService } from '../engine/saga.service.js';
import { sagaDiagram } from './diagram.js';

const ListQuerySchema = z.object({
  status: z.enum(['RUNNING', 'STUCK', ...OrderStatusSchema.exclude(['PENDING']).options]).optional(),
  step: z.string().max(40).optional(),
  maxAgeMinutes: z.coerce.number().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const ManualResultSchema = z.strictObject({
  outcome: z.enum(['APPROVED', 'DECLINED']),
  reason: z.string().max(200).optional(),
});
const TerminateSchema = z.strictObject({ reason: z.string().min(1).max(200).default('terminated from the dashboard') });

export interface DashboardDeps {
  /** What every orchestrator replica saw of the sagas, merged. */
  view: () => Promise<SagaIndex>;
  sagas: SagaService;
  sagaLog: SagaLog;
  monitor: SagaMonitor;
  settings: SagaSettings;
  stuckAfterSeconds: number;
  publicDir: string;
  /** Operator actions need the operator's login; reading stays open. */
  operator: OperatorGuard;
}

/** The saga dashboard: the page (no build step) and the JSON it reads, plus the operator actions. */
export function dashboardRoutes(deps: DashboardDeps): Router {
  const { view, sagas, sagaLog, monitor, operator } = deps;
  const router = Router();
  router.use(express.static(deps.publicDir, { index: 'index.html' }));

  const overview = async () => {
    const index = await view();
    const steps = index.stepStats();
    const slowest = steps.filter((s) => s.p95Ms !== null).sort((a, b) => b.p95Ms! - a.p95Ms!)[0];
    const failing = steps.filter((s) => s.failed > 0).sort((a, b) => b.failed - a.failed)[0];
    return {
      generatedAt: new Date().toISOString(),
      steps,
      slowestStep: slowest?.step ?? null,
      mostFailingStep: failing?.step ?? null,
      counts: index.counts(),
      stuckAfterSeconds: deps.stuckAfterSeconds,
      settings: deps.settings,
    };
  };

  /** The saga's boxes and arrows, derived from its steps: the page draws what the workflow runs. */
  router.get('/api/dashboard/diagram', (_req, res) => {
    res.json(sagaDiagram());
  });

  router.get('/api/dashboard', async (_req, res) => {
    res.json(await overview());
  });

  /** Server-sent events: the overview every two seconds, for live pages. */
  router.get('/api/dashboard/stream', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = () => void overview().then((data) => res.write(`data: ${JSON.stringify(data)}\n\n`));
    send();
    const timer = setInterval(send, 2000);
    req.on('close', () => clearInterval(timer));
  });

  router.get('/api/sagas', async (req, res) => {
    const query = parseOrThrow(ListQuerySchema, req.query);
    const index = await view();
    const now = Date.now();
    res.json(index.list(query, now).map((saga) => ({ ...saga, stuck: index.isStuck(saga, now), ageMs: now - Date.parse(saga.startedAt) })));
  });

  router.get('/api/sagas/:orderId', async (req, res) => {
    const { orderId } = req.params;
    const index = await view();
    const [summary, workflow, timeline] = [index.get(orderId), await sagas.view(orderId), await sagaLog.read(orderId)];
    if (!summary && !workflow && !timeline) throw AppError.notFound('saga', orderId);
    res.json({ summary: summary && { ...summary, stuck: index.isStuck(summary) }, workflow: workflow ?? null, timeline: timeline ?? [] });
  });

  router.post('/api/sagas/:orderId/terminate', operator, async (req, res) => {
    const { reason } = parseOrThrow(TerminateSchema, req.body ?? {});
    await sagas.terminate(req.params.orderId, reason);
    res.status(202).json({ orderId: req.params.orderId, action: 'terminate' });
  });

  router.post('/api/sagas/:orderId/purge', operator, async (req, res) => {
    const purged = await sagas.purge(req.params.orderId);
    if (!purged) throw AppError.conflict('NOT_PURGED', 'only a finished saga can be purged');
    res.json({ orderId: req.params.orderId, action: 'purge' });
  });

  /** For a saga stuck waiting: what the payment service would have posted on Kafka. */
  router.post('/api/sagas/:orderId/payment-result', operator, async (req, res) => {
    const { orderId } = req.params;
    const { outcome, reason } = parseOrThrow(ManualResultSchema, req.body);
    const receivedAt = new Date().toISOString();
    const delivery = await sagas.deliverPaymentResult(orderId, { paymentId: 'manual', outcome, ...(reason && { reason }) });
    if (delivery === 'unknown-saga') throw AppError.notFound('saga', orderId);
    await monitor.paymentProcessed(orderId, receivedAt, delivery === 'delivered', `${outcome} (raised by hand)`);
    if (delivery !== 'delivered') throw AppError.conflict('SAGA_FINISHED', 'the saga has already ended');
    res.status(202).json({ orderId, action: 'payment-result', outcome });
  });

  return router;
}
