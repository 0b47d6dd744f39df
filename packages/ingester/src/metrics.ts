import http from 'node:http';
import { OptionError } from '@dl/core';
import type { Stats } from './stats.js';

/**
 * Prometheus text exposition of the ingester's counters on `/metrics`. prom-client is loaded only
 * when asked for, so a plain `dl ingest` does not pay for it.
 */
export async function serveMetrics(port: number, stats: Stats): Promise<() => Promise<void>> {
  const prom = await import('prom-client');
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry, prefix: 'dl_ingest_' });
  const gauge = (name: string, help: string, labelNames: string[], collect: (g: InstanceType<typeof prom.Gauge>) => void) =>
    new prom.Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        collect(this);
      },
    });
  gauge('dl_ingest_records_total', 'Records consumed', [], (g) => g.set(stats.records));
  gauge('dl_ingest_rows_written_total', 'Rows committed or buffered for the main table', [], (g) => g.set(stats.rows));
  gauge('dl_ingest_dead_letters_total', 'Dead letters by class', ['class'], (g) => {
    for (const [c, n] of stats.deadByClass) g.set({ class: c }, n);
  });
  gauge('dl_ingest_files_total', 'Parquet files published', [], (g) => g.set(stats.files));
  gauge('dl_ingest_commits_total', 'Lake commits', [], (g) => g.set(stats.commits));
  gauge('dl_ingest_flush_duration_seconds', 'Duration of the last flush', [], (g) => g.set(stats.lastFlushMs / 1000));
  gauge('dl_ingest_lag', 'Records behind the high watermark', ['partition'], (g) => {
    for (const [p, lag] of stats.lag) g.set({ partition: p }, Number(lag));
  });
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text))
      .catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new OptionError({ setting: 'metricsPort', value: String(port), problem: 'is a port already in use', fix: 'pass another {metricsPort}' })
          : e,
      ),
    );
    server.listen(port, () => resolve());
  });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
