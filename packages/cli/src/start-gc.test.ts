import { describe, expect, it } from 'vitest';
import { startGc } from './start-gc.js';

describe('startGc', () => {
  it("returns V8's collector, started without waiting, and leaves the program's global without a gc", async () => {
    const gc = startGc();
    expect(typeof gc).toBe('function');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    let target: object | undefined = { big: new Array(1000).fill(0) };
    const ref = new WeakRef(target);
    target = undefined;
    // An incremental collection finishes over the next allocations and tasks: give it a few.
    for (let i = 0; i < 50 && ref.deref() !== undefined; i++) {
      gc!();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(ref.deref()).toBeUndefined();
  });
});
