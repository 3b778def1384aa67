// Our SHA-256 (the checksum annotations) against the standard's examples and node:crypto.
import test from 'ava';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/objects/sha256.js';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

test('the FIPS 180-4 examples', (t) => {
  const vectors: [string, string][] = [
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ];
  for (const [text, digest] of vectors) t.is(sha256Hex(text), digest, `${text.length} characters`);
});

test('every length around the block and length-field boundaries', (t) => {
  for (let length = 0; length <= 200; length += 1) {
    const text = 'é'.repeat(length >> 1) + 'x'.repeat(length & 1);
    t.is(sha256Hex(text), nodeSha256(text), `${length}`);
  }
});

test('agrees with node:crypto on random text (UTF-8, surrogate pairs, lone surrogates)', (t) => {
  const codePoint = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\ud800', '\udfff'));
  fc.assert(fc.property(fc.string({ unit: codePoint, maxLength: 3000 }), (text) => sha256Hex(text) === nodeSha256(text)), { numRuns: 300 });
  t.pass();
});
