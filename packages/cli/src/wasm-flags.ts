/**
 * parquet-wasm's code is compiled by V8's baseline WASM compiler only (Liftoff): a `dl view` is a
 * short process, and optimising the decoder's hot functions cost more than it saved. Measured on the
 * 1M-order lake: the first screen's open + first read 40 ms instead of 95 ms; decoding 10 whole files
 * no slower (712–918 ms against 813–1212 ms). Set before parquet-wasm loads; it affects WASM only.
 */
export const VIEW_WASM_FLAGS = '--liftoff-only';
