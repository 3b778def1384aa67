// IP and CIDR checks with the same acceptance as Go's net.ParseCIDR / net.ParseIP, which
// upstream's validation uses (a host part may be set: `10.0.0.1/8` is a valid CIDR). Written
// here rather than taken from node:net, which costs start-up time and is not otherwise needed.
import { isDigitsOnly } from '../plain-data.js';

export type IPFamily = 'IPv4' | 'IPv6';

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/**
 * Four decimal octets, 0 to 255, without leading zeros (Go rejects them as ambiguous octal). By
 * hand, not a regular expression: V8 compiles a regular expression at its first use, twice over
 * (bytecode, then native code), which costs a cold start more than a check of a few addresses.
 */
export function isIPv4(address: string): boolean {
  const octets = address.split('.');
  return octets.length === 4 && octets.every(isOctet);
}

function isOctet(text: string): boolean {
  if (text.length === 0 || text.length > 3 || (text.length > 1 && text.charCodeAt(0) === 48)) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return Number(text) <= 255;
}

/** RFC 4291 text forms, with `::` compression and an optional trailing dotted IPv4; no zones. */
export function isIPv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const all = [...head, ...tail];
  let width = 0;
  for (const [index, group] of all.entries()) {
    if (index === all.length - 1 && group.includes('.')) {
      if (!isIPv4(group)) return false;
      width += 2;
    } else if (HEXTET.test(group)) {
      width += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? width < 8 : width === 8;
}

export function cidrFamily(cidr: string): IPFamily | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0 || cidr.indexOf('/', slash + 1) >= 0) return undefined;
  const address = cidr.slice(0, slash);
  const prefix = cidr.slice(slash + 1);
  if (!isDigitsOnly(prefix) || prefix.length > 3) return undefined;
  const bits = Number(prefix);
  if (isIPv4(address) && bits <= 32) return 'IPv4';
  if (isIPv6(address) && bits <= 128) return 'IPv6';
  return undefined;
}

/**
 * The network of a CIDR in one spelling, its address masked to its prefix: `2001:DB8:1:0::/48`,
 * `2001:0db8:0001::/48` and `2001:db8:1::/48` are one network. Undefined for no CIDR.
 */
export function canonicalCIDR(cidr: string): string | undefined {
  const network = networkOf(cidr);
  if (network === undefined) return undefined;
  const { family, bytes, bits } = network;
  if (family === 'IPv4') return `${bytes.join('.')}/${bits}`;
  const groups = Array.from({ length: 8 }, (_, index) => (((bytes[2 * index] ?? 0) << 8) | (bytes[2 * index + 1] ?? 0)).toString(16));
  return `${groups.join(':')}/${bits}`;
}

/**
 * Whether Go takes the CIDR's network for IPv4 (net.ParseCIDR, then IP.To4() != nil): an IPv6
 * network whose masked address is IPv4-mapped (`::ffff:100.96.0.0/107`) counts as IPv4 there.
 */
export function isIPv4MappedCIDR(cidr: string): boolean {
  const network = networkOf(cidr);
  if (network?.family !== 'IPv6') return false;
  const { bytes } = network;
  return bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** A CIDR's network: its address's bytes masked to its prefix. Undefined for no CIDR. */
function networkOf(cidr: string): { family: IPFamily; bytes: number[]; bits: number } | undefined {
  const family = cidrFamily(cidr);
  if (family === undefined) return undefined;
  const [address = '', prefix = ''] = cidr.split('/');
  const bits = Number(prefix);
  const bytes = family === 'IPv4' ? address.split('.').map(Number) : ipv6Bytes(address);
  return { family, bits, bytes: bytes.map((byte, index) => byte & (0xff00 >> Math.max(0, Math.min(8, bits - 8 * index))) & 0xff) };
}

/** The 16 bytes of a valid IPv6 address (isIPv6). */
function ipv6Bytes(address: string): number[] {
  const groupsOf = (half: string): number[] => (half === '' ? [] : half.split(':').flatMap((group) => {
    if (!group.includes('.')) return [Number.parseInt(group, 16)];
    const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
    return [(a << 8) | b, (c << 8) | d];
  }));
  const [head = '', tail] = address.split('::');
  const first = groupsOf(head);
  const last = tail === undefined ? [] : groupsOf(tail);
  const groups = [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

export function isValidCIDR(cidr: string): boolean {
  return cidrFamily(cidr) !== undefined;
}

export function isValidIP(address: string): boolean {
  return isIPv4(address) || isIPv6(address);
}

/** RFC 1123 subdomain, as Kubernetes' IsDNS1123Subdomain checks it. */
export function isDNSSubdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
