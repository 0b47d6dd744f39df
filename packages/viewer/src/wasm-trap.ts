/**
 * parquet-wasm's async reader panics (a WebAssembly `unreachable` trap) on a corrupt data page,
 * where its sync reader returns an error. The trap is thrown inside a `queueMicrotask` callback
 * of wasm-bindgen's futures, so it surfaces as an uncaught exception and the read's promise never
 * settles. While a guarded read runs, microtasks are wrapped so that such a trap rejects that
 * read instead. The instance stays usable afterwards (tested: later reads succeed).
 */
let active = 0;
// Node has WebAssembly; the `node` types without `dom` do not declare it.
const RuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly.RuntimeError;

/** A trap of the wasm instance (Rust panicked), as opposed to an error it returned. */
export function isWasmTrap(e: unknown): boolean {
  return e instanceof RuntimeError;
}

let original: typeof queueMicrotask | undefined;
const pending = new Set<(e: unknown) => void>();

export async function guardWasm<T>(read: () => Promise<T>): Promise<T> {
  install();
  let reject!: (e: unknown) => void;
  const trapped = new Promise<never>((_, rej) => {
    reject = rej;
  });
  pending.add(reject);
  try {
    return await Promise.race([read(), trapped]);
  } finally {
    pending.delete(reject);
    uninstall();
  }
}

function install(): void {
  if (active++ > 0) return;
  const queue = globalThis.queueMicrotask;
  original = queue;
  globalThis.queueMicrotask = (callback: () => void) =>
    queue(() => {
      try {
        callback();
      } catch (e) {
        if (!isWasmTrap(e) || pending.size === 0) throw e;
        for (const reject of pending) reject(e);
      }
    });
}

function uninstall(): void {
  if (--active > 0 || !original) return;
  globalThis.queueMicrotask = original;
  original = undefined;
}
