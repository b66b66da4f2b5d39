import { Components, Events, Topics, type CustomerNotificationRequested } from '@ticket-saga/contracts';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import type { NotificationPort } from '../saga/ports.js';
import type { NotifyCustomerCommand } from '../saga/saga-types.js';

/** Publishes CustomerNotificationRequested through Dapr pub/sub, as a CloudEvent of its own type. */
export class NotificationAdapter implements NotificationPort {
  constructor(private readonly dapr: DaprSidecar) {}

  async notifyCustomer(command: NotifyCustomerCommand): Promise<void> {
    const event: CustomerNotificationRequested = { ...command, requestedAt: new Date().toISOString() };
    await this.dapr.publish(Components.pubsub, Topics.notifications, event, {
      'cloudevent.type': Events.CustomerNotificationRequested,
      // Keeps one customer's notifications in order on one partition.
      partitionKey: command.customerId,
    });
  }
}
