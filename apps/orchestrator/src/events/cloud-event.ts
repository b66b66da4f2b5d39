import { CloudEventSchema } from '@ticket-saga/contracts';
import type { Logger } from '@ticket-saga/service-kit';
import type { Request } from 'express';
import type { z } from 'zod';

/** Dapr's subscription protocol: the app's answer decides what the sidecar does with the message. */
export const SUCCESS = { status: 'SUCCESS' } as const;
/** Dropped messages go to the subscription's dead-letter topic: kept, and out of the way. */
export const DROP = { status: 'DROP' } as const;

/** Reads the CloudEvent's data against a schema; undefined (and a warning) when it does not fit. */
export function readEventData<S extends z.ZodType>(req: Request, schema: S, logger: Logger): z.infer<S> | undefined {
  const envelope = CloudEventSchema.safeParse(req.body);
  const data = envelope.success ? schema.safeParse(envelope.data.data) : undefined;
  if (data?.success) return data.data;
  logger.warn(
    { path: req.path, eventId: envelope.success ? envelope.data.id : undefined, problems: (data ?? envelope).error?.issues },
    'malformed event sent to the dead-letter topic',
  );
  return undefined;
}
