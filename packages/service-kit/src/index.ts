export * from './logger.js';
export * from './config.js';
export * from './errors.js';
export * from './dapr-sidecar.js';
export * from './http.js';
export * from './main-runner.js';
export * from './keyed-mutex.js';
export * from './retry.js';
