import { AppError, type InvokeResult } from '@ticket-saga/service-kit';
import type { z } from 'zod';

/**
 * A call that failed for technical reasons (transport, 5xx, an answer that makes no sense). It
 * fails the activity, and the saga retries it; business answers are never thrown.
 */
export function unexpected(what: string, status: number, body: unknown): AppError {
  return new AppError(502, 'DEPENDENCY_FAILED', `${what}: unexpected ${status} ${JSON.stringify(body)}`);
}

/**
 * The body of a successful answer, checked against its contract. A success status alone proves
 * nothing: Dapr 1.18's service invocation has been seen answering 200 with an empty body while
 * the target app was down, and taking that for done would lose a step.
 */
export function successBody<T>(what: string, { status, body }: InvokeResult, statuses: number[], schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(body);
  if (!statuses.includes(status) || !parsed.success) throw unexpected(what, status, body);
  return parsed.data;
}
