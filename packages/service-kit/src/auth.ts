import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from './errors.js';

/** The header Dapr's sidecar sends its app (APP_API_TOKEN), and an app its sidecar (DAPR_API_TOKEN). */
export const DAPR_API_TOKEN_HEADER = 'dapr-api-token';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares as digests, so that neither the length nor the content of the secret leaks through
 * timing; the expected one is hashed once, not on every request.
 */
function matcher(expected: string): (given: string | undefined) => boolean {
  const want = digest(expected);
  return (given) => given !== undefined && timingSafeEqual(digest(given), want);
}

/**
 * The internal surface's guard: Dapr's sidecar sends its APP_API_TOKEN as `dapr-api-token` with
 * every call it delivers to the app (service invocation, subscriptions, jobs). Anything else that
 * reaches the loopback port is refused before any route runs.
 */
export function requireDaprSidecar(appApiToken: string): RequestHandler {
  const isAppToken = matcher(appApiToken);
  return (req, _res, next) => {
    if (isAppToken(req.get(DAPR_API_TOKEN_HEADER))) return next();
    next(new AppError(401, 'UNAUTHENTICATED', `${DAPR_API_TOKEN_HEADER}: missing or wrong; this port serves only the app's Dapr sidecar`));
  };
}

// Typed with `any` params so that the route after it keeps the parameters its path declares.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperatorGuard = RequestHandler<any>;

/** Operator actions on the public port: `Authorization: Bearer <OPERATOR_TOKEN>`. */
export function requireOperator(operatorToken: string): OperatorGuard {
  const isOperatorToken = matcher(operatorToken);
  return (req, res, next) => {
    const [scheme, token] = (req.get('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && isOperatorToken(token)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="ticket-saga operator"');
    next(new AppError(401, 'UNAUTHENTICATED', 'authorization: an operator token is required (Authorization: Bearer <OPERATOR_TOKEN>)'));
  };
}
