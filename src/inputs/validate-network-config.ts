// Semantic checks of a NetworkConfig that its schema cannot express, with upstream's rules
// (pkg/apis/calico/validation/networkconfig.go plus the errors pkg/charts/utils.go raises while
// merging). The schema has already checked shapes, enums and unknown fields.
import { describeValue, joinPath, listOf, type FieldError } from './field-errors.js';
import { goRegexpProblem } from './go-regexp.js';
import { isDNSSubdomain, isValidCIDR, isValidIP, type IPFamily } from './net.js';
import { checkQuantity, MAX_EXPONENT } from './quantity.js';
import { AUTOSCALING_MODES, IPAM_TYPES, SERVICE_LOOP_PREVENTION, type NetworkConfig } from './schemas.js';

const INT64_MAX = 2n ** 63n - 1n;
const fitsInt64 = (value: bigint) => value <= INT64_MAX && value >= -INT64_MAX - 1n;

const AUTODETECTION_OPTIONS = ['first-found', 'can-reach', 'interface', 'skip-interface', 'cidr', 'kubernetes-internal-ip'];

/**
 * `ipFamilies`: the families rendered; `declaredFamilies`: the Network's own, which the extension
 * validates against (ValidateNetworkConfig) before it cuts them down while a dual-stack
 * migration is pending: calico-ipam is refused for any Network that declares IPv6.
 */
export function validateNetworkConfig(config: NetworkConfig, ipFamilies: readonly IPFamily[], declaredFamilies: readonly IPFamily[], prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const at = (...parts: string[]) => joinPath(prefix, ...parts);
  const invalid = (path: string, value: unknown, reason: string) =>
    errors.push({ path, message: `invalid value ${describeValue(value)}: ${reason}` });

  const usesIPv4 = ipFamilies.includes('IPv4');
  const usesIPv6 = ipFamilies.includes('IPv6');

  if (config.ipam) {
    // Not defaulted when the shape was wrong elsewhere (classify.ts validates what it could decode).
    const { type = '', cidr } = config.ipam;
    if (type !== '' && !(IPAM_TYPES as readonly string[]).includes(type)) {
      errors.push({ path: at('ipam', 'type'), message: `unsupported value ${describeValue(type)} for type, supported values are ${listOf(IPAM_TYPES)}` });
    } else if (type === 'calico-ipam' && declaredFamilies.includes('IPv6')) {
      invalid(at('ipam', 'type'), type, 'IPAM type "calico-ipam" is only supported for IPv4 single-stack shoots, use "host-local" instead');
    }
    if (cidr !== undefined && cidr.toLowerCase() !== 'usepodcidr' && !isValidCIDR(cidr)) {
      invalid(at('ipam', 'cidr'), cidr, 'must be a valid CIDR (e.g. 10.0.0.0/16) or "usePodCidr"');
    }
  }

  for (const family of ['ipv4', 'ipv6'] as const) {
    const block = config[family];
    if (!block) continue;
    const inUse = family === 'ipv4' ? usesIPv4 : usesIPv6;
    if (!inUse) {
      invalid(at(family), 'a map', `${family} configuration must not be specified if the Network does not use ${family === 'ipv4' ? 'IPv4' : 'IPv6'} (ipFamilies: ${listOf(ipFamilies)})`);
    }
    if (block.pool === 'vxlan' && block.mode !== undefined && block.mode !== 'Always' && block.mode !== 'Never') {
      errors.push({ path: at(family, 'mode'), message: `unsupported value ${describeValue(block.mode)} for mode with pool "vxlan", supported values are ["Always", "Never"]` });
    }
    if (family === 'ipv6' && block.pool === 'ipip') {
      errors.push({ path: at(family, 'pool'), message: 'unsupported value "ipip" for ipv6 pool, supported values are ["vxlan"] (IPIP cannot carry IPv6)' });
    }
    if (block.autoDetectionMethod) {
      errors.push(...validateAutoDetectionMethod(block.autoDetectionMethod, at(family, 'autoDetectionMethod')));
    }
  }

  if (config.ipip !== undefined && !usesIPv4 && !config.ipv4) {
    invalid(at('ipip'), config.ipip, `IPv4 configuration must not be specified if the Network does not use IPv4 (ipFamilies: ${listOf(ipFamilies)})`);
  }
  if (config.ipAutodetectionMethod !== undefined) {
    errors.push(...validateAutoDetectionMethod(config.ipAutodetectionMethod, at('ipAutodetectionMethod')));
  }

  if (config.vethMTU !== undefined) {
    const mtu = config.vethMTU;
    if (mtu === '') invalid(at('vethMTU'), mtu, 'MTU cannot be empty');
    else if (!/^[+-]?\d+$/.test(mtu)) invalid(at('vethMTU'), mtu, 'MTU must be a whole number, e.g. "1440" ("0" lets Calico detect it)');
    // Upstream reads it with strconv.Atoi, a 64-bit int: a longer number is no integer to it.
    else if (!fitsInt64(BigInt(mtu))) invalid(at('vethMTU'), mtu, 'MTU must be a whole number a 64-bit integer holds, e.g. "1440" ("0" lets Calico detect it)');
    else if (Number(mtu) < 0) invalid(at('vethMTU'), mtu, 'MTU must be a positive integer');
  }

  if (config.autoScaling) {
    const { mode, resources } = config.autoScaling;
    if (!(AUTOSCALING_MODES as readonly string[]).includes(mode)) {
      errors.push({ path: at('autoScaling', 'mode'), message: `unsupported value ${describeValue(mode)} for mode, supported values are ${listOf(AUTOSCALING_MODES)}` });
    }
    for (const component of ['node', 'typha'] as const) {
      for (const [name, value] of Object.entries(resources?.[component] ?? {})) {
        errors.push(...validateResource(name, value, at('autoScaling', 'resources', component, name)));
      }
    }
  }

  const loop = config.serviceLoopPrevention;
  if (loop !== undefined && !(SERVICE_LOOP_PREVENTION as readonly string[]).includes(loop)) {
    errors.push({ path: at('serviceLoopPrevention'), message: `unsupported value ${describeValue(loop)} for serviceLoopPrevention, supported values are ${listOf(SERVICE_LOOP_PREVENTION)}` });
  }
  return errors;
}

export function validateAutoDetectionMethod(method: string, path: string): FieldError[] {
  const fail = (reason: string): FieldError[] => [{ path, message: `invalid value ${describeValue(method)}: ${reason}` }];
  if (method === '') return fail('method cannot be empty');
  const separator = method.indexOf('=');
  const option = separator < 0 ? method : method.slice(0, separator);
  const parameter = separator < 0 ? undefined : method.slice(separator + 1);
  if (!AUTODETECTION_OPTIONS.includes(option)) {
    return fail(`invalid option ${JSON.stringify(option)}, supported options are ${listOf(AUTODETECTION_OPTIONS)}`);
  }
  if (option === 'first-found' || option === 'kubernetes-internal-ip') {
    return parameter === undefined ? [] : fail(`option ${option} does not take a parameter`);
  }
  if (!parameter) return fail(`option ${option} requires a parameter`);
  if (option === 'cidr') {
    const bad = parameter.split(',').find((cidr) => !isValidCIDR(cidr));
    return bad === undefined ? [] : fail(`${JSON.stringify(bad)} is not a valid CIDR`);
  }
  if (option === 'can-reach') {
    return isValidIP(parameter) || isDNSSubdomain(parameter) ? [] : fail('parameter for can-reach must be a valid IP address or DNS name');
  }
  const problem = goRegexpProblem(parameter);
  return problem === undefined ? [] : fail(`invalid regex for option ${option}: ${problem}`);
}

function validateResource(name: string, value: string | number, path: string): FieldError[] {
  const fail = (reason: string): FieldError[] => [{ path, message: `invalid value ${describeValue(value)}: ${reason}` }];
  if (name !== 'cpu' && name !== 'memory') return fail(`unsupported resource ${JSON.stringify(name)}, supported resources are ["cpu", "memory"]`);
  const label = name === 'cpu' ? 'CPU' : 'Memory';
  switch (checkQuantity(String(value))) {
    case 'not a quantity': return fail('must be a Kubernetes quantity such as "250m" or "100Mi"');
    case 'exponent out of range': return fail(`its exponent is out of range: at most ${MAX_EXPONENT} either way (e.g. "25e7")`);
    case 'too large': return fail(`${label} resource must be below 2^63, the largest quantity Kubernetes holds exactly`);
    case 'zero': return fail(`${label} resource must be specified and cannot be zero`);
    case 'negative': return fail(`${label} resource must be positive`);
    case 'ok': return [];
  }
}
