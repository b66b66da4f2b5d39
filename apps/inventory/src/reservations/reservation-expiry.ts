import type { DaprSidecar, Logger } from '@ticket-saga/service-kit';

const JOB_PREFIX = 'reservation-expiry-';

/**
 * Puts a held reservation back on sale when its time is up, through a Dapr job (run by the
 * scheduler, so it survives restarts). Best effort: confirm also refuses an expired hold.
 */
export class ReservationExpiry {
  constructor(
    private readonly dapr: DaprSidecar,
    private readonly logger: Logger,
  ) {}

  async schedule(reservationId: string, expiresAt: string): Promise<void> {
    const seconds = Math.max(1, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000));
    try {
      await this.dapr.scheduleJob(jobName(reservationId), { dueTime: `${seconds}s`, data: { reservationId } });
    } catch (err) {
      this.logger.warn({ err, orderId: reservationId }, 'expiry job not scheduled; the hold is still checked on confirm');
    }
  }
}

export const jobName = (reservationId: string) => `${JOB_PREFIX}${reservationId}`;

export function reservationIdOfJob(name: string): string | undefined {
  return name.startsWith(JOB_PREFIX) ? name.slice(JOB_PREFIX.length) : undefined;
}
