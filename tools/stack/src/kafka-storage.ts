import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_BROKERS } from './topology.js';
import { DATA_DIR, KAFKA_HOME, RUN_DIR } from './paths.js';

/**
 * A single-node KRaft broker: broker and controller in one process, replication factor 1.
 * 32 partitions by default because Dapr's Kafka subscriber hands a partition's messages to the
 * app one at a time, in order: partitions bound how many orders and payment results are handled
 * at once.
 */
function serverProperties(logDir: string): string {
  return `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://${KAFKA_BROKERS},CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://${KAFKA_BROKERS}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${logDir}
num.partitions=32
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=32
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
`;
}

/** Writes the broker's configuration and formats its storage the first time. */
export function prepareKafka(): void {
  const logDir = join(DATA_DIR, 'kafka');
  const configFile = join(RUN_DIR, 'kafka', 'server.properties');
  mkdirSync(join(RUN_DIR, 'kafka'), { recursive: true });
  writeFileSync(configFile, serverProperties(logDir));
  if (existsSync(join(logDir, 'meta.properties'))) return;
  const classpath = join(KAFKA_HOME, 'libs', '*');
  const java = (args: string[]) => execFileSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', ...args], { encoding: 'utf8' });
  const clusterId = java(['random-uuid']).trim();
  java(['format', '-t', clusterId, '-c', configFile]);
}
