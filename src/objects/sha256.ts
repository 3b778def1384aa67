// SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, for the checksum annotations (common.ts). Not
// node:crypto: loading it costs a default render about 4 ms (some twenty modules, Node's stream
// modules among them, which nothing else on the render path needs, and OpenSSL's set-up unless
// NODE_EXTRA_CA_CERTS made Node do that at start); the 2 KB a render hashes cost about 1 ms here,
// interpreted on a cold start. test/objects/sha256.test.ts holds it to node:crypto.

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Eight 32-bit words, kept as signed numbers (`| 0`) between blocks. */
type HashState = [number, number, number, number, number, number, number, number];

/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const INITIAL_HASH: HashState = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const BLOCK_BYTES = 64;

/** The message, a 1 bit, zeros, and its length in bits as 64 bits big-endian: whole blocks. */
function padded(text: string): DataView {
  const message = Buffer.from(text, 'utf8');
  const blocks = Math.ceil((message.length + 9) / BLOCK_BYTES);
  const bytes = new Uint8Array(blocks * BLOCK_BYTES);
  bytes.set(message);
  bytes[message.length] = 0x80;
  const view = new DataView(bytes.buffer);
  const bits = message.length * 8;
  view.setUint32(bytes.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(bytes.length - 4, bits >>> 0);
  return view;
}

/**
 * Lower-case hex, as `sha256sum` prints it. A render hashes a few kilobytes once, before V8
 * optimises anything, so this is written for the interpreter: rotations spelt out (a call each
 * would double the time) and words in Int32Arrays.
 */
export function sha256Hex(text: string): string {
  const message = padded(text);
  let hash = INITIAL_HASH;
  const schedule = new Int32Array(64);
  for (let block = 0; block < message.byteLength; block += BLOCK_BYTES) {
    for (let t = 0; t < 16; t += 1) schedule[t] = message.getInt32(block + t * 4);
    for (let t = 16; t < 64; t += 1) {
      const early = schedule[t - 15]!;
      const late = schedule[t - 2]!;
      const sigma0 = ((early >>> 7) | (early << 25)) ^ ((early >>> 18) | (early << 14)) ^ (early >>> 3);
      const sigma1 = ((late >>> 17) | (late << 15)) ^ ((late >>> 19) | (late << 13)) ^ (late >>> 10);
      // Int32Array stores the sum modulo 2^32.
      schedule[t] = sigma1 + schedule[t - 7]! + sigma0 + schedule[t - 16]!;
    }
    // Read by index: destructuring runs the array iterator, an object allocated for each word.
    let a = hash[0], b = hash[1], c = hash[2], d = hash[3], e = hash[4], f = hash[5], g = hash[6], h = hash[7];
    for (let t = 0; t < 64; t += 1) {
      const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const choice = (e & f) ^ (~e & g);
      const temporary1 = (h + sum1 + choice + ROUND_CONSTANTS[t]! + schedule[t]!) | 0;
      const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const temporary2 = (sum0 + majority) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + temporary1) | 0;
      d = c;
      c = b;
      b = a;
      a = (temporary1 + temporary2) | 0;
    }
    hash = [(hash[0] + a) | 0, (hash[1] + b) | 0, (hash[2] + c) | 0, (hash[3] + d) | 0, (hash[4] + e) | 0, (hash[5] + f) | 0, (hash[6] + g) | 0, (hash[7] + h) | 0];
  }
  return hash.map((word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
}
