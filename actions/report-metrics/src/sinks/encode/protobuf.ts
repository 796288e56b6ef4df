/**
 * A minimal protocol-buffers writer for the two messages the sinks send (Prometheus remote-write's
 * WriteRequest and OTLP's ExportMetricsServiceRequest): varints, 64-bit fixed values, doubles,
 * strings and nested messages — the whole wire format those need, in a few dozen lines instead of
 * a protobuf runtime in the bundle. Encoding rules: https://protobuf.dev/programming-guides/encoding/
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

export class ProtoWriter {
  #bytes: number[] = [];

  /** A varint field (uint32, uint64, int64, enum, bool). Negative int64 values take ten bytes. */
  varint(field: number, value: number | bigint): this {
    this.#tag(field, VARINT);
    this.#varint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  bool(field: number, value: boolean): this {
    return this.varint(field, value ? 1 : 0);
  }

  double(field: number, value: number): this {
    this.#tag(field, FIXED64);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    this.#push(new Uint8Array(view.buffer));
    return this;
  }

  /** fixed64 and sfixed64 (little-endian, two's complement). */
  fixed64(field: number, value: bigint): this {
    this.#tag(field, FIXED64);
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt.asUintN(64, value), true);
    this.#push(new Uint8Array(view.buffer));
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, LENGTH_DELIMITED);
    this.#varint(BigInt(value.byteLength));
    this.#push(value);
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

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  #tag(field: number, wireType: number): void {
    this.#varint(BigInt((field << 3) | wireType));
  }

  #varint(value: bigint): void {
    let v = value;
    while (v > 0x7fn) {
      this.#bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#bytes.push(Number(v));
  }

  #push(bytes: Uint8Array): void {
    for (const b of bytes) this.#bytes.push(b);
  }
}
