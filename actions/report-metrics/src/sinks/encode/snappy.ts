/**
 * Snappy's block format as a compressor that only emits literals: a varint of the uncompressed
 * length, then literal elements of at most 64 KiB. Every snappy decoder reads it (it is what a
 * compressor emits for incompressible input); remote-write requires the block format, not
 * compression, and the payloads here are small. Format:
 * https://github.com/google/snappy/blob/main/format_description.txt
 */

const BLOCK = 65_536;

export function snappyBlock(input: Uint8Array): Uint8Array {
  // At most 5 bytes of length, then per literal a tag of at most 4 bytes and its bytes.
  const out = new Uint8Array(5 + 4 * Math.ceil(input.byteLength / BLOCK) + input.byteLength);
  let pos = 0;
  let n = input.byteLength;
  do {
    out[pos++] = (n & 0x7f) | (n > 0x7f ? 0x80 : 0);
    n = Math.floor(n / 128);
  } while (n > 0);
  for (let offset = 0; offset < input.byteLength; offset += BLOCK) {
    const chunk = input.subarray(offset, Math.min(input.byteLength, offset + BLOCK));
    const m = chunk.byteLength - 1;
    const tag = m < 60 ? [m << 2] : m < 0x100 ? [60 << 2, m] : m < 0x10000 ? [61 << 2, m & 0xff, m >> 8] : [62 << 2, m & 0xff, (m >> 8) & 0xff, m >> 16];
    out.set(tag, pos);
    pos += tag.length;
    out.set(chunk, pos);
    pos += chunk.byteLength;
  }
  return out.subarray(0, pos);
}
