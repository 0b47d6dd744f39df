import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// No Docker engine runs in CI, so the Compose path is checked by shape, not by running it.
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
  volumes?: Record<string, unknown>;
  services: Record<
    string,
    {
      image?: string;
      build?: string;
      ports?: string[];
      healthcheck?: { test: string[] };
      depends_on?: Record<string, { condition: string }>;
      environment?: Record<string, string>;
      volumes?: string[];
      command?: string[];
    }
  >;
};

describe('docker-compose.yml', () => {
  it('says that its SeaweedFS does not keep the storage contract (list order, a missing bucket is created)', () => {
    const text = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
    expect(text).toMatch(/LIMITATION: SeaweedFS fails dl's storage contract/);
    expect(text).toMatch(/lists `a\/b` before `a-b`/);
    expect(text).toMatch(/a PUT into a missing bucket creates it/);
  });

  it('has Kafka, the Confluent registry, an S3 server and the ingester', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['ingest', 'kafka', 's3', 'schema-registry']);
  });
  it('pins image tags', () => {
    for (const name of ['kafka', 'schema-registry']) {
      const image = compose.services[name]!.image!;
      expect(image).toMatch(/^[a-z/-]+:\d+\.\d+\.\d+$/);
    }
    expect(compose.services.kafka!.image).toMatch(/^apache\/kafka:/);
    expect(compose.services['schema-registry']!.image).toMatch(/^confluentinc\/cp-schema-registry:/);
    expect(compose.services.s3!.image).toMatch(/^chrislusf\/seaweedfs:\d+\.\d+$/);
  });
  it('publishes the ports dl uses by default', () => {
    expect(compose.services.kafka!.ports).toContain('9092:9092');
    expect(compose.services['schema-registry']!.ports).toContain('8081:8081');
    // The native stack's S3 port too, so `--s3-endpoint http://localhost:9000` works with either.
    expect(compose.services.s3!.ports).toContain('9000:8333');
  });
  it('creates the dl-lake bucket with the test credentials the native stack uses, on a named volume', () => {
    const s3 = compose.services.s3!;
    expect(s3.command).toContain('-bucket=dl-lake');
    expect(s3.command).toContain('-s3.config=/etc/seaweedfs/s3-identities.json');
    expect(s3.volumes).toContain('./docker/s3-identities.json:/etc/seaweedfs/s3-identities.json:ro');
    expect(s3.volumes).toContain('s3-data:/data');
    expect(compose.volumes).toHaveProperty('s3-data');
    const identities = JSON.parse(readFileSync(new URL('../../docker/s3-identities.json', import.meta.url), 'utf8')) as {
      identities: { credentials: { accessKey: string; secretKey: string }[] }[];
    };
    const cred = identities.identities[0]!.credentials[0]!;
    expect(cred).toEqual({ accessKey: 'dl-test-access-key', secretKey: 'dl-test-secret-key' });
    expect(compose.services.ingest!.environment?.AWS_ACCESS_KEY_ID).toBe(cred.accessKey);
    expect(compose.services.ingest!.environment?.AWS_SECRET_ACCESS_KEY).toBe(cred.secretKey);
  });
  it('lets the ingester use the s3 service: endpoint, region, and DL_DATA_DIR overridable to s3://', () => {
    const ingest = compose.services.ingest!;
    expect(ingest.environment?.AWS_ENDPOINT_URL_S3).toBe('http://s3:8333');
    expect(ingest.environment?.AWS_REGION).toBe('us-east-1');
    expect(ingest.environment?.DL_DATA_DIR).toBe('${DL_DATA_DIR:-/data}');
    expect(ingest.depends_on?.s3?.condition).toBe('service_healthy');
  });
  it('has a healthcheck on every service, so `docker compose up --wait` works', () => {
    for (const [name, s] of Object.entries(compose.services)) expect(s.healthcheck?.test, name).toBeDefined();
  });
  it('runs dl ingest with the lake bind-mounted at ./ingestion_data, after its dependencies are healthy', () => {
    const ingest = compose.services.ingest!;
    expect(ingest.command?.[0]).toBe('ingest');
    expect(ingest.volumes).toContain('./ingestion_data:/data');
    expect(ingest.environment?.DL_DATA_DIR).toMatch(/:-\/data\}$/);
    expect(ingest.environment?.KAFKA_BROKERS).toBe('kafka:29092');
    expect(ingest.depends_on?.kafka?.condition).toBe('service_healthy');
    expect(ingest.depends_on?.['schema-registry']?.condition).toBe('service_healthy');
  });
});
