// IP and CIDR checks with the same acceptance as Go's net.ParseCIDR / net.ParseIP, which
// upstream's validation uses (a host part may be set: `10.0.0.1/8` is a valid CIDR).
import { isIPv4, isIPv6 } from 'node:net';

export type IPFamily = 'IPv4' | 'IPv6';

export function cidrFamily(cidr: string): IPFamily | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0 || cidr.indexOf('/', slash + 1) >= 0) return undefined;
  const address = cidr.slice(0, slash);
  const prefix = cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return undefined;
  const bits = Number(prefix);
  if (isIPv4(address) && bits <= 32) return 'IPv4';
  // Go accepts IPv4-mapped and zone-free IPv6 only; node's isIPv6 accepts zones, which Go rejects.
  if (isIPv6(address) && !address.includes('%') && bits <= 128) return 'IPv6';
  return undefined;
}

export function isValidCIDR(cidr: string): boolean {
  return cidrFamily(cidr) !== undefined;
}

export function isValidIP(address: string): boolean {
  return isIPv4(address) || (isIPv6(address) && !address.includes('%'));
}

/** RFC 1123 subdomain, as Kubernetes' IsDNS1123Subdomain checks it. */
export function isDNSSubdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
