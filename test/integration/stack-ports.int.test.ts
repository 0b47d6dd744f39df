import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO, tempLake } from '../support/stack-env.js';

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

describe('pnpm stack:up with a busy port', () => {
  it('prints one sentence naming the port and the override, exits non-zero, starts nothing', async () => {
    const busy = await listen();
    const free1 = await listen();
    const free2 = await listen();
    const port = (s: net.Server) => (s.address() as net.AddressInfo).port;
    const registryPort = port(free1);
    const controllerPort = port(free2);
    free1.close();
    free2.close();
    const stateDir = tempLake('dl-stack-');
    try {
      const r = spawnSync(
        process.execPath,
        [
          path.join(REPO, 'stack/stack.mjs'),
          'up',
          '--kafka-port',
          String(port(busy)),
          '--registry-port',
          String(registryPort),
          '--controller-port',
          String(controllerPort),
        ],
        {
          env: { ...process.env, DL_STACK_DIR: stateDir },
          encoding: 'utf8',
        },
      );
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(
        `Port ${port(busy)} is already in use; stop whatever uses it or pick another port with --kafka-port <port> (or DL_KAFKA_PORT).`,
      );
      const status = spawnSync(process.execPath, [path.join(REPO, 'stack/stack.mjs'), 'status', '--format', 'json'], {
        env: { ...process.env, DL_STACK_DIR: stateDir },
        encoding: 'utf8',
      });
      const s = JSON.parse(status.stdout) as { kafka: { state: string }; registry: { state: string }; s3: { state: string } };
      expect([s.kafka.state, s.registry.state, s.s3.state]).toEqual(['stopped', 'stopped', 'stopped']);
    } finally {
      busy.close();
    }
  });
});
