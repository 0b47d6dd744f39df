import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { testRandom } from '@dl/test-support/seeded-random';
import { crc32c } from './crc32c.js';

const require = createRequire(import.meta.url);
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;

describe('crc32c', () => {
  it('gives the CRC-32C check value, and the empty input 0', () => {
    // The check value of the Castagnoli polynomial (RFC 3720 and every CRC catalogue).
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it("agrees with kafkajs's byte-at-a-time CRC-32C on every length, at any offset into a buffer", () => {
    const random = testRandom();
    const pool = random.bytes(5000);
    for (let n = 0; n < 300; n++) {
      const from = random.int(100);
      const bytes = pool.subarray(from, from + n);
      expect(crc32c(bytes)).toBe(kafkajsCrc32c(bytes));
    }
    const big = random.bytes(1 << 20);
    expect(crc32c(big)).toBe(kafkajsCrc32c(big));
  });
});
