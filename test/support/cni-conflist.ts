// Checks the CNI configuration calico-node's install-cni writes to each node: the rendered
// `cni_network_config` after install-cni's placeholder substitution must be JSON and a network
// configuration list as the CNI specification defines it
// (https://github.com/containernetworking/cni/blob/main/SPEC.md, "Network Configuration Lists").

/**
 * What install-cni (calico cni-plugin pkg/install/install.go) replaces, every occurrence, with
 * its environment or defaults. CNI_MTU is the calico-config `veth_mtu` the DaemonSet passes in.
 */
function installCniValues(vethMTU: string): Record<string, string> {
  return {
    __LOG_LEVEL__: 'info',
    __LOG_FILE_PATH__: '/var/log/calico/cni/cni.log',
    __LOG_FILE_MAX_SIZE__: '100',
    __LOG_FILE_MAX_AGE__: '30',
    __LOG_FILE_MAX_COUNT__: '10',
    __DATASTORE_TYPE__: 'kubernetes',
    __KUBERNETES_NODE_NAME__: 'node-a',
    __KUBECONFIG_FILEPATH__: '/etc/cni/net.d/calico-kubeconfig',
    __CNI_MTU__: vethMTU,
    __KUBERNETES_SERVICE_HOST__: '10.0.0.1',
    __KUBERNETES_SERVICE_PORT__: '443',
    __SERVICEACCOUNT_TOKEN__: 'token',
    __ETCD_CERT_FILE__: '',
    __ETCD_KEY_FILE__: '',
    __ETCD_CA_CERT_FILE__: '',
  };
}

function substituteLikeInstallCni(configText: string, vethMTU: string): string {
  let text = configText;
  for (const [placeholder, value] of Object.entries(installCniValues(vethMTU))) text = text.replaceAll(placeholder, value);
  return text;
}

/** Spec versions that define network configuration lists (lists arrived in 0.3.0). */
const CONFLIST_SPEC_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];
/** "Must start with an alphanumeric character, optionally followed by ... alphanumeric, _, . or -." */
const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Keys the runtime adds when it executes a plugin; a stored configuration does not carry them. */
const RUNTIME_KEYS = ['prevResult', 'runtimeConfig'];

/** Problems of the config text as a node would get it; empty when it is a valid conflist. */
export function conflistProblems(configText: string, vethMTU: string): string[] {
  const text = substituteLikeInstallCni(configText, vethMTU);
  const leftover = text.match(/__[A-Z0-9_]+__/g);
  if (leftover) return [`placeholders install-cni does not substitute: ${[...new Set(leftover)].join(', ')}`];
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    return [`not JSON after substitution: ${(error as Error).message}`];
  }
  if (!isObject(config)) return ['not a JSON object'];
  const problems: string[] = [];
  if (typeof config.cniVersion !== 'string' || !CONFLIST_SPEC_VERSIONS.includes(config.cniVersion)) {
    problems.push(`cniVersion ${JSON.stringify(config.cniVersion)} is not a CNI spec version with configuration lists (${CONFLIST_SPEC_VERSIONS.join(', ')})`);
  }
  if (typeof config.name !== 'string' || !NETWORK_NAME.test(config.name)) problems.push(`name ${JSON.stringify(config.name)} is not a valid network name`);
  if (config.disableCheck !== undefined && typeof config.disableCheck !== 'boolean') problems.push('disableCheck must be a boolean');
  if (!Array.isArray(config.plugins) || config.plugins.length === 0) return [...problems, 'plugins must be a non-empty list'];
  config.plugins.forEach((plugin: unknown, index: number) => problems.push(...pluginProblems(plugin).map((problem) => `plugins[${index}]: ${problem}`)));
  return problems;
}

function pluginProblems(plugin: unknown): string[] {
  if (!isObject(plugin)) return ['not an object'];
  const problems: string[] = [];
  // `type` names the plugin executable: a file name, so no path separators.
  if (typeof plugin.type !== 'string' || plugin.type === '' || /[/\\]/.test(plugin.type)) problems.push(`type ${JSON.stringify(plugin.type)} is not a plugin executable name`);
  if (plugin.ipam !== undefined && (!isObject(plugin.ipam) || typeof plugin.ipam.type !== 'string' || plugin.ipam.type === '')) problems.push('ipam must be an object with a type');
  if (plugin.dns !== undefined && !isDns(plugin.dns)) problems.push('dns must hold nameservers/search/options string lists and a domain string');
  if (plugin.capabilities !== undefined && (!isObject(plugin.capabilities) || !Object.values(plugin.capabilities).every((value) => typeof value === 'boolean'))) {
    problems.push('capabilities must map capability names to booleans');
  }
  if (plugin.args !== undefined && !isObject(plugin.args)) problems.push('args must be an object');
  if (plugin.ipMasq !== undefined && typeof plugin.ipMasq !== 'boolean') problems.push('ipMasq must be a boolean');
  for (const key of RUNTIME_KEYS) if (key in plugin) problems.push(`${key} is set by the runtime, not stored`);
  // Calico's NetConf reads mtu as an integer.
  if (plugin.type === 'calico' && !Number.isInteger(plugin.mtu)) problems.push(`mtu ${JSON.stringify(plugin.mtu)} is not an integer`);
  return problems;
}

function isDns(dns: unknown): boolean {
  if (!isObject(dns)) return false;
  const stringList = (value: unknown) => value === undefined || (Array.isArray(value) && value.every((entry) => typeof entry === 'string'));
  return stringList(dns.nameservers) && stringList(dns.search) && stringList(dns.options) && (dns.domain === undefined || typeof dns.domain === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
