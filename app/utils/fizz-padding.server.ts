import { Transform } from "node:stream";

/**
 * React 18's streaming renderer copies HTML into reused 2,048-byte buffers with `TextEncoder.encodeInto`. When a
 * multi-byte character (every accented Vietnamese letter is 2–3 bytes) does not fit at the end of a buffer, it
 * flushes the whole buffer anyway, unwritten tail included: up to three NUL bytes land in the page
 * (facebook/react#24985, fixed in React 19 by facebook/react#26228). HTML never contains NUL, so a chunk's
 * trailing NULs are exactly that padding and are dropped here.
 */
export function withoutFizzPadding() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end -= 1;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
