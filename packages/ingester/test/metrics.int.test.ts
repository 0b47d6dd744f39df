import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import net from 'node:net';
import { ingest } from '@dl/ingester';
import { createTopic, framedOrder, registerOrder, send } from '@dl/test-support/produce-raw';
import { stackEndpoints, tempLake, uniqueTopic } from '@dl/test-support/stack-env';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe('dl ingest --metrics-port', () => {
  it('serves Prometheus metrics: records, rows, dead letters by class, lag, files', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('metrics');
    await createTopic(topic, 1);
    const id = await registerOrder(topic);
    await send(topic, [...Array.from({ length: 200 }, (_, i) => ({ key: 'k', value: framedOrder(id, i) })), { key: 't', value: null }]);
    const { brokers, registryUrl } = stackEndpoints();
    const port = await freePort();
    const stop = new AbortController();
    const running = ingest(
      {
        kafka: { brokers, clientId: 'metrics' },
        registry: { url: registryUrl },
        topics: [topic],
        groupId: `g-${topic}`,
        dataDir: tempLake(),
        partitionBy: { kind: 'date' },
        compression: 'zstd',
        rowGroupSize: 100_000,
        flushRecords: 100_000,
        flushBytes: 64 << 20,
        flushIntervalMs: 1000,
        once: false,
        rawValue: true,
        subjectStrategy: 'topic',
        progress: 'none',
        sessionTimeoutMs: 10_000,
        metricsPort: port,
      },
      stop.signal,
      {
        stderr: new Writable({
          write(_c, _e, cb) {
            cb();
          },
        }),
      },
    );
    let text = '';
    for (let t = 0; t < 300; t++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await fetch(`http://127.0.0.1:${port}/metrics`)
        .then((r) => r.text())
        .catch(() => '');
      if (/dl_ingest_files_total [1-9]/.test(text)) break;
    }
    stop.abort();
    await running;
    expect(text).toMatch(/^dl_ingest_records_total 201$/m);
    expect(text).toMatch(/^dl_ingest_rows_written_total 200$/m);
    expect(text).toMatch(/^dl_ingest_dead_letters_total\{class="TOMBSTONE"\} 1$/m);
    expect(text).toMatch(/^dl_ingest_files_total [1-9]/m);
    expect(text).toMatch(/^dl_ingest_lag\{partition=".+\/0"\} 0$/m);
  });
});
