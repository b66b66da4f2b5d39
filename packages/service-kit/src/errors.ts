import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from './logger.js';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** The one error type apps throw on purpose: it knows its HTTP status and its public message. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Sent as Retry-After: when a refused request is worth trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  static badRequest(problems: FieldProblem[]): AppError {
    const summary = problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
    return new AppError(400, 'VALIDATION_FAILED', summary, { problems });
  }

  /** Well-formed, but not acceptable: an unknown item, say. */
  static unprocessable(problems: FieldProblem[]): AppError {
    const summary = problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
    return new AppError(422, 'UNPROCESSABLE', summary, { problems });
  }

  static notFound(what: string, id: string): AppError {
    return new AppError(404, 'NOT_FOUND', `${what} ${id} not found`);
  }

  static conflict(code: string, message: string, details?: Record<string, unknown>): AppError {
    return new AppError(409, code, message, details);
  }

  static unavailable(message: string, retryAfterSeconds?: number): AppError {
    return new AppError(503, 'UNAVAILABLE', message, undefined, retryAfterSeconds);
  }
}

export function fieldProblems(error: z.ZodError, root = '(body)'): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : root,
    reason: issue.message,
  }));
}

/**
 * Parses a value against a schema or throws a 400 that names every bad field; `root` names the
 * value itself (a path parameter, say) when the problem is not inside it.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root?: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw AppError.badRequest(fieldProblems(parsed.error, root));
  return parsed.data;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'ROUTE_NOT_FOUND', `no route for ${req.method} ${req.path}`));
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** The one error handler per app: AppErrors become their status, body-parser errors 4xx, the rest 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const { status, body } = toResponse(err as BodyParserError);
    if (err instanceof AppError && err.retryAfterSeconds !== undefined) res.set('Retry-After', String(Math.ceil(err.retryAfterSeconds)));
    if (status >= 500 && status !== 503) logger.error({ err, path: req.path }, 'request failed');
    else if (status === 503) logger.warn({ path: req.path, message: (err as Error).message }, 'request refused for now');
    else logger.debug({ status, path: req.path, error: body.error }, 'request rejected');
    res.status(status).json(body);
  };
}

function toResponse(err: BodyParserError): { status: number; body: Record<string, unknown> } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: err.code, message: err.message, ...err.details } };
  }
  if (err.type === 'entity.parse.failed') {
    return { status: 400, body: { error: 'MALFORMED_JSON', message: 'body: not valid JSON' } };
  }
  if (err.type === 'entity.too.large') {
    return { status: 413, body: { error: 'BODY_TOO_LARGE', message: 'body: exceeds the size limit' } };
  }
  if (err.type === 'encoding.unsupported' || err.status === 415) {
    return { status: 415, body: { error: 'UNSUPPORTED_MEDIA_TYPE', message: err.message } };
  }
  return { status: 500, body: { error: 'INTERNAL', message: 'internal error' } };
}
