// Our IP parsing accepts exactly what node:net does (without zones, which Go rejects).
import test from 'ava';
import fc from 'fast-check';
import * as net from 'node:net';
import { canonicalCIDR, cidrFamily, isIPv4, isIPv6 } from '../../src/inputs/net.js';

test('agrees with node:net on random IPv4 and IPv6 text', (t) => {
  const ipv6ish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')), maxLength: 45 });
  // Near misses of IPv4: leading zeros, octets past 255, too few or many dots, empty octets.
  const ipv4ish = fc.string({ unit: fc.constantFrom(...'0123456789.'.split('')), maxLength: 17 });
  fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), ipv6ish, ipv4ish), (text) => {
    return isIPv4(text) === net.isIPv4(text) && isIPv6(text) === net.isIPv6(text);
  }), { numRuns: 20_000, seed: 7 });
  t.pass();
});

test('CIDR families and prefix bounds', (t) => {
  t.is(cidrFamily('10.0.0.1/8'), 'IPv4');
  t.is(cidrFamily('10.0.0.0/33'), undefined);
  t.is(cidrFamily('2001:db8::/128'), 'IPv6');
  t.is(cidrFamily('2001:db8::/129'), undefined);
  t.is(cidrFamily('::ffff:10.0.0.1/96'), 'IPv6');
  t.is(cidrFamily('fe80::1%eth0/64'), undefined);
  t.is(cidrFamily('10.0.0.0'), undefined);
  t.is(cidrFamily('10.0.0.0/8/8'), undefined);
  t.is(cidrFamily('010.0.0.0/8'), undefined);
});

test('IPv4 edge cases, as Go and node:net read them', (t) => {
  const cases: [string, boolean][] = [
    ['0.0.0.0', true], ['255.255.255.255', true], ['10.250.0.1', true],
    ['256.0.0.0', false], ['1.2.3.255x', false], ['01.2.3.4', false], ['1.2.3.00', false],
    ['1.2.3', false], ['1.2.3.4.', false], ['1..2.3', false], ['', false], ['1.2.3.1000', false], ['+1.2.3.4', false], [' 1.2.3.4', false],
  ];
  for (const [text, valid] of cases) {
    t.is(isIPv4(text), valid, text);
    t.is(net.isIPv4(text), valid, `node:net agrees on ${text}`);
  }
});

test('canonicalCIDR: one spelling for one network, the address masked to its prefix', (t) => {
  for (const [cidr, canonical] of [
    ['2001:db8:1::/48', '2001:db8:1:0:0:0:0:0/48'], ['2001:DB8:1:0::/48', '2001:db8:1:0:0:0:0:0/48'], ['2001:0db8:0001::/48', '2001:db8:1:0:0:0:0:0/48'],
    ['2001:db8:1:0:0:0:0:0/48', '2001:db8:1:0:0:0:0:0/48'], ['2001:db8:1:ff::/48', '2001:db8:1:0:0:0:0:0/48'], ['::ffff:1.2.3.4/128', '0:0:0:0:0:ffff:102:304/128'],
    ['100.96.0.0/11', '100.96.0.0/11'], ['100.97.1.2/11', '100.96.0.0/11'], ['10.0.0.1/32', '10.0.0.1/32'], ['0.0.0.0/0', '0.0.0.0/0'],
    ['10.0.0.0/33', undefined], ['010.0.0.0/8', undefined], ['x', undefined],
  ] as const) t.is(canonicalCIDR(cidr), canonical, cidr);
});
