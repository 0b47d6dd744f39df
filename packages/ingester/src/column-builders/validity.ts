/** A growable bitmap: the validity (null) bits of a column, or the values of a Bool column. */
export class Validity {
  bits = new Uint8Array(64);
  nulls = 0;
  set(i: number, valid: boolean): void {
    if (i >> 3 >= this.bits.length) {
      const next = new Uint8Array(this.bits.length * 2);
      next.set(this.bits);
      this.bits = next;
    }
    if (valid) this.bits[i >> 3]! |= 1 << (i & 7);
    else {
      this.bits[i >> 3]! &= ~(1 << (i & 7));
      this.nulls++;
    }
  }
  /** Room for `n` bits without growing. */
  reserve(n: number): void {
    if (this.bits.length < (n + 7) >> 3) this.bits = new Uint8Array((n + 7) >> 3);
  }
  unset(i: number): void {
    if (!(this.bits[i >> 3]! & (1 << (i & 7)))) this.nulls--;
    this.bits[i >> 3]! &= ~(1 << (i & 7));
  }
  take(length: number): { nullBitmap?: Uint8Array; nullCount: number } {
    const out = this.nulls === 0 ? { nullCount: 0 } : { nullBitmap: this.bits.slice(0, (length + 7) >> 3), nullCount: this.nulls };
    this.bits = new Uint8Array(64);
    this.nulls = 0;
    return out;
  }
}
