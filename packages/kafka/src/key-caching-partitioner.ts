import kafkajs from 'kafkajs';

/**
 * kafkajs's default (Java-compatible murmur2) partitioner, with the partition of each key remembered:
 * the stock one hashes the key and filters the partition list for every message, a visible share of a
 * bulk run's CPU when keys repeat (`product{i%2}` has two). Same results. String keys are remembered by
 * value, Buffer keys by identity (so a caller that reuses one Buffer per distinct key gets the hits).
 */
export function keyCachingPartitioner(): kafkajs.ICustomPartitioner {
  return () => {
    const inner = kafkajs.Partitioners.DefaultPartitioner();
    const cache = new Map<string | Buffer, number>();
    let cacheFor = '';
    return (args) => {
      const { topic, partitionMetadata, message } = args;
      if ((message.partition !== null && message.partition !== undefined) || message.key === null || message.key === undefined) return inner(args);
      const scope = `${topic}\u0000${partitionMetadata.length}`;
      if (scope !== cacheFor || cache.size > 10_000) {
        cache.clear();
        cacheFor = scope;
      }
      let p = cache.get(message.key);
      if (p === undefined) {
        p = inner(args);
        cache.set(message.key, p);
      }
      return p;
    };
  };
}
