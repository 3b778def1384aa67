// YAML is read as UTF-8, as kpt and kubectl read it. Bytes that are not UTF-8 would be decoded to
// U+FFFD and written back so, changing an item we do not own: such input is refused instead.
import { isUtf8 } from 'node:buffer';

/** The 1-based line of the first bytes that are not UTF-8; undefined when all of them are. */
export function firstNonUtf8Line(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined;
  // A line feed is never part of a multi-byte sequence, so each line can be checked alone.
  let line = 1;
  for (let start = 0; start < bytes.length; line += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    if (!isUtf8(bytes.subarray(start, end))) return line;
    start = end + 1;
  }
  return line;
}
