export * from './constants.js';
export * from './order.js';
export * from './events.js';
export * from './inventory.js';
export * from './payment.js';
export * from './saga.js';
export * from './routes.js';
