/** A call that failed for technical reasons (transport, 5xx, unexpected answer): worth retrying. */
export class TechnicalError extends Error {
  override readonly name = 'TechnicalError';
}

export function unexpected(what: string, status: number, body: unknown): TechnicalError {
  return new TechnicalError(`${what}: unexpected ${status} ${JSON.stringify(body)}`);
}
