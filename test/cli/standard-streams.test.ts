// The bin's writer sends text a chunk at a time through one reused buffer (src/cli/standard-streams.ts);
// how it reaches real descriptors (a full non-blocking pipe, a reader that leaves) is test/e2e/stdio.test.ts.
import test from 'ava';
import fc from 'fast-check';
import { chunkEnd } from '../../src/cli/standard-streams.js';

/** `text` encoded chunk by chunk as the writer does, each chunk into a buffer of `chunkBytes`. */
function encodedInChunks(text: string, chunkBytes: number): { bytes: Buffer; fitted: boolean } {
  const buffer = Buffer.alloc(chunkBytes);
  const chunks: Buffer[] = [];
  let fitted = true;
  for (let start = 0; start < text.length; ) {
    const end = chunkEnd(text, start, chunkBytes);
    const slice = text.slice(start, end);
    const length = buffer.write(slice);
    fitted &&= length === Buffer.byteLength(slice) && end > start;
    chunks.push(Buffer.from(buffer.subarray(0, length)));
    start = end;
  }
  return { bytes: Buffer.concat(chunks), fitted };
}

// Strings of any UTF-16 code units: ASCII, 3-byte characters, surrogate pairs and lone surrogates,
// which UTF-8 encodes as U+FFFD as Buffer.from does.
const units = fc.oneof(fc.constantFrom('a', '\n', 'é', '€', '😀', '\ud800', '\udc00'), fc.string({ unit: 'binary', maxLength: 3 }));
const texts = fc.array(units, { maxLength: 60 }).map((parts) => parts.join(''));

test('text written in chunks gives the bytes of the whole text encoded at once, each chunk fitting its buffer', (t) => {
  fc.assert(
    fc.property(texts, fc.constantFrom(8, 12, 16, 64), (text, chunkBytes) => {
      const { bytes, fitted } = encodedInChunks(text, chunkBytes);
      return fitted && bytes.equals(Buffer.from(text, 'utf8'));
    }),
    { numRuns: 2_000, seed: 29 },
  );
  t.pass();
});

test('a chunk never ends between the two halves of a surrogate pair', (t) => {
  // 8 bytes: 2 code units a chunk; the pair at units 1-2 would be cut.
  t.is(chunkEnd('a😀b', 0, 8), 1);
  t.is(chunkEnd('a😀b', 1, 8), 3);
  t.is(chunkEnd('ab', 0, 8), 2);
  t.is(chunkEnd('a\ud800', 0, 8), 2, 'a lone high surrogate at the very end stays');
});
