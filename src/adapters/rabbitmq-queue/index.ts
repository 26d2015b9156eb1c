export { createRabbitMqQueue } from './rabbitmq-queue.js';
export { redactAmqpUrl, reconnectDelay, type RabbitMqQueueOptions } from './options.js';
export { topologyNames, queuesOf, DELAY_TIERS_MS, type TopologyNames } from './topology.js';
