import { Kafka, logLevel, Partitioners, type Consumer, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const kafka = new Kafka({ clientId: 'integration-tests', brokers: [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'], logLevel: logLevel.NOTHING });

/** Produces raw bytes on a topic, as any producer could: nothing checks them on the way. */
export async function produce(topic: string, value: string, key?: string): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key: key ?? null, value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Waits for a topic to exist: some (dead-letter topics) are created by their first message. */
async function topicExists(topic: string, deadline: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    while (!(await admin.listTopics()).includes(topic)) {
      if (Date.now() > deadline) throw new Error(`topic ${topic} does not exist`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Reads a topic from the beginning until a message satisfies `match`, or fails at the deadline. */
export async function findMessage(topic: string, match: (value: string) => boolean, timeoutMs = 20_000): Promise<string> {
  await topicExists(topic, Date.now() + timeoutMs);
  const consumer: Consumer = kafka.consumer({ groupId: `integration-tests-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message on ${topic} within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }: { message: KafkaMessage }) => {
          const value = message.value?.toString() ?? '';
          if (match(value)) {
            clearTimeout(timer);
            resolve(value);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}
