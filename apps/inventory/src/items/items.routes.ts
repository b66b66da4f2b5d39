import { PutItemRequestSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow, retryOnEtagMismatch, type OperatorGuard } from '@ticket-saga/service-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { InventoryRepository } from './items.repository.js';

const ItemIdSchema = z.uuid();

/** The catalogue on the public port: anyone reads it, an operator changes it. */
export function itemsRoutes(repository: InventoryRepository, operator: OperatorGuard): Router {
  const router = Router();

  router.get('/items', async (_req, res) => {
    res.json(await repository.listItems());
  });

  router.get('/items/:id', async (req, res) => {
    const id = parseOrThrow(ItemIdSchema, req.params.id, 'id');
    const entry = await repository.getItem(id);
    if (!entry) throw AppError.notFound('item', id);
    res.json(entry.value);
  });

  /** Creates an item or sets its stock on sale; reserved and sold tickets are kept as they are. */
  router.put('/items/:id', operator, async (req, res) => {
    const id = parseOrThrow(ItemIdSchema, req.params.id, 'id');
    const body = parseOrThrow(PutItemRequestSchema, req.body);
    const { item, created } = await retryOnEtagMismatch(async () => {
      const entry = await repository.getItem(id);
      const current = entry?.value ?? { id, reserved: 0, sold: 0 };
      const item = { ...current, ...body, id };
      await repository.putItem(item, entry?.etag);
      return { item, created: !entry };
    });
    res.status(created ? 201 : 200).json(item);
  });

  return router;
}
