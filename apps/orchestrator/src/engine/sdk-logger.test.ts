import { ConsoleLoggerService } from '@dapr/dapr';
import { createLogger } from '@ticket-saga/service-kit';
import { describe, expect, it } from '@jest/globals';
import { routeSdkLogsTo } from './sdk-logger.js';

describe('the SDK logs', () => {
  it('report a worker that gave up, and only that', () => {
    const failures: string[] = [];
    routeSdkLogsTo(createLogger('orchestrator', 'silent'), (message) => failures.push(message));
    const sdk = new ConsoleLoggerService();

    sdk.error('[DurableTask, Worker] Error on grpc stream: Error: 14 UNAVAILABLE: Connection dropped');
    sdk.error('[DurableTask, Worker] Worker failed:', new Error('14 UNAVAILABLE: Connection dropped'));

    expect(failures).toEqual(['Error: 14 UNAVAILABLE: Connection dropped']);
  });
});
