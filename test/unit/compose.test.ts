import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// No Docker engine runs in CI, so the Compose path is checked by shape, not by running it.
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: Record<string, { image?: string; build?: string; ports?: string[]; healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }>; environment?: Record<string, string>; volumes?: string[]; command?: string[] }>;
};

describe('docker-compose.yml', () => {
  it('has Kafka, the Confluent registry and the ingester', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['ingest', 'kafka', 'schema-registry']);
  });
  it('pins image tags', () => {
    for (const name of ['kafka', 'schema-registry']) {
      const image = compose.services[name]!.image!;
      expect(image).toMatch(/^[a-z/-]+:\d+\.\d+\.\d+$/);
    }
    expect(compose.services.kafka!.image).toMatch(/^apache\/kafka:/);
    expect(compose.services['schema-registry']!.image).toMatch(/^confluentinc\/cp-schema-registry:/);
  });
  it('publishes the ports dl uses by default', () => {
    expect(compose.services.kafka!.ports).toContain('9092:9092');
    expect(compose.services['schema-registry']!.ports).toContain('8081:8081');
  });
  it('has a healthcheck on every service, so `docker compose up --wait` works', () => {
    for (const [name, s] of Object.entries(compose.services)) expect(s.healthcheck?.test, name).toBeDefined();
  });
  it('runs dl ingest with the lake bind-mounted at ./ingestion_data, after its dependencies are healthy', () => {
    const ingest = compose.services.ingest!;
    expect(ingest.command?.[0]).toBe('ingest');
    expect(ingest.volumes).toContain('./ingestion_data:/data');
    expect(ingest.environment?.DL_DATA_DIR).toBe('/data');
    expect(ingest.environment?.KAFKA_BROKERS).toBe('kafka:29092');
    expect(ingest.depends_on?.kafka?.condition).toBe('service_healthy');
    expect(ingest.depends_on?.['schema-registry']?.condition).toBe('service_healthy');
  });
});
