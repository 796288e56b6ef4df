/**
 * Snappy's block format as a compressor that only emits literals: a varint of the uncompressed
 * length, then literal elements of at most 64 KiB. Every snappy decoder reads it (it is what a
 * compressor emits for incompressible input); remote-write requires the block format, not
 * compression, and the payloads here are small. Format:
 * https://github.com/google/snappy/blob/main/format_description.txt
 */

const BLOCK = 65_536;

export function snappyBlock(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let n = input.byteLength;
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  for (let offset = 0; offset < input.byteLength; offset += BLOCK) {
    const chunk = input.subarray(offset, Math.min(input.byteLength, offset + BLOCK));
    const m = chunk.byteLength - 1;
    if (m < 60) out.push(m << 2);
    else if (m < 0x100) out.push(60 << 2, m);
    else if (m < 0x10000) out.push(61 << 2, m & 0xff, m >> 8);
    else out.push(62 << 2, m & 0xff, (m >> 8) & 0xff, m >> 16);
    for (const b of chunk) out.push(b);
  }
  return Uint8Array.from(out);
}
