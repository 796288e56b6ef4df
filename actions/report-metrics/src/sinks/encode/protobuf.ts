/**
 * A minimal protocol-buffers writer for the two messages the sinks send (Prometheus remote-write's
 * WriteRequest and OTLP's ExportMetricsServiceRequest): varints, 64-bit fixed values, doubles,
 * strings and nested messages — the whole wire format those need, in a few dozen lines instead of
 * a protobuf runtime in the bundle. Encoding rules: https://protobuf.dev/programming-guides/encoding/
 *
 * Bytes go into one growing buffer per message (a nested message is written on its own, then
 * copied in after its length): an array of numbers and BigInt arithmetic per byte cost ~5 MiB of
 * peak memory and ~90 ms for a 20 KB OTLP request; this costs neither.
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

export class ProtoWriter {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  #len = 0;

  /** A varint field (uint32, uint64, int64, enum, bool). Negative int64 values take ten bytes. */
  varint(field: number, value: number | bigint): this {
    this.#tag(field, VARINT);
    this.#varint(value);
    return this;
  }

  bool(field: number, value: boolean): this {
    return this.varint(field, value ? 1 : 0);
  }

  double(field: number, value: number): this {
    this.#tag(field, FIXED64);
    this.#reserve(8);
    this.#view.setFloat64(this.#len, value, true);
    this.#len += 8;
    return this;
  }

  /** fixed64 and sfixed64 (little-endian, two's complement). */
  fixed64(field: number, value: bigint): this {
    this.#tag(field, FIXED64);
    this.#reserve(8);
    this.#view.setBigUint64(this.#len, BigInt.asUintN(64, value), true);
    this.#len += 8;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, LENGTH_DELIMITED);
    this.#varint(value.byteLength);
    this.#reserve(value.byteLength);
    this.#buf.set(value, this.#len);
    this.#len += value.byteLength;
    return this;
  }

  /** A nested message, written by `write` into its own writer. */
  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated double field. */
  packedDoubles(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const view = new DataView(new ArrayBuffer(8 * values.length));
    values.forEach((v, i) => view.setFloat64(8 * i, v, true));
    return this.bytes(field, new Uint8Array(view.buffer));
  }

  /** A packed repeated fixed64 field. */
  packedFixed64(field: number, values: readonly bigint[]): this {
    if (values.length === 0) return this;
    const view = new DataView(new ArrayBuffer(8 * values.length));
    values.forEach((v, i) => view.setBigUint64(8 * i, BigInt.asUintN(64, v), true));
    return this.bytes(field, new Uint8Array(view.buffer));
  }

  /** The message's bytes (a view of the writer's buffer: write nothing more after this). */
  finish(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  #tag(field: number, wireType: number): void {
    this.#varint(field * 8 + wireType);
  }

  #varint(value: number | bigint): void {
    this.#reserve(10);
    if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) {
      let v = value;
      while (v > 0x7f) {
        this.#buf[this.#len++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.#buf[this.#len++] = v;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.#buf[this.#len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.#buf[this.#len++] = Number(v);
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.byteLength) return;
    const next = new Uint8Array(Math.max(2 * this.#buf.byteLength, this.#len + n));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
}
