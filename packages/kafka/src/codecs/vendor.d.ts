// Minimal typings for the two pure-JS codec packages, which ship none (both are CommonJS).
declare module 'snappyjs' {
  const snappy: {
    compress<T extends Uint8Array>(input: T): T;
    uncompress<T extends Uint8Array>(input: T, maxLength?: number): T;
  };
  export = snappy;
}
declare module 'lz4js' {
  const lz4: {
    decompress(src: Uint8Array, maxSize?: number): Uint8Array;
    compress(src: Uint8Array, maxSize?: number): Uint8Array;
  };
  export = lz4;
}
declare module 'lz4js/xxh32.js' {
  const xxh32: { hash(seed: number, src: Uint8Array, index: number, length: number): number };
  export = xxh32;
}
