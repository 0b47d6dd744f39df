/**
 * parquet-wasm's code is compiled by V8's baseline WASM compiler only (Liftoff): a `dl view` is a
 * short process, and optimising the decoder's hot functions cost more than it saved. Measured on the
 * 1M-order lake: the first screen's open + first read 40 ms instead of 95 ms; decoding 10 whole files
 * no slower (712–918 ms against 813–1212 ms). Set before parquet-wasm loads; it affects WASM only.
 *
 * V8 compiles WASM functions lazily already (at their first call), but still validated all of the
 * module's ~5,000 functions up front, inside the synchronous `new WebAssembly.Module`: 17 ms of the
 * first screen. `--wasm-lazy-validation` validates each function when it is first compiled instead
 * (the module is our own pinned dependency; an invalid function would still be refused, at its
 * first call). Measured: the Module step 17 -> 5 ms; 21 alternating first screens 129 -> 122 ms.
 */
export const VIEW_WASM_FLAGS = '--liftoff-only --wasm-lazy-validation';
