import { AppError } from '@ticket-saga/service-kit';

/**
 * A call that failed for technical reasons (transport, 5xx, an answer that makes no sense). It
 * fails the activity, and the saga retries it; business answers are never thrown.
 */
export function unexpected(what: string, status: number, body: unknown): AppError {
  return new AppError(502, 'DEPENDENCY_FAILED', `${what}: unexpected ${status} ${JSON.stringify(body)}`);
}
