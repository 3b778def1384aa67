// The `calico-config` ConfigMap: settings calico-node reads through env references, and the CNI
// network configuration that install-cni writes to each node's /etc/cni/net.d.
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import { objectMeta } from './common.js';

export const CALICO_CONFIG_NAME = 'calico-config';

/** The CNI spec version of Calico's conflist; Multus declares the same one in the config it wraps it in. */
export const CNI_VERSION = '0.3.1';

/** The file name install-cni gives Calico's conflist in each node's CNI config directory. */
export const CALICO_CNI_CONFIG_FILE = '10-calico.conflist';

/**
 * Placeholders install-cni fills in on each node. The MTU one stands where a JSON number goes, so
 * the config text is valid JSON only after substitution.
 */
export const CNI_PLACEHOLDERS = {
  mtu: '__CNI_MTU__',
  nodeName: '__KUBERNETES_NODE_NAME__',
  kubeconfig: '__KUBECONFIG_FILEPATH__',
} as const;

export function buildCalicoConfig(values: CalicoValues): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(CALICO_CONFIG_NAME),
    data: {
      typha_service_name: values.typhaEnabled ? 'calico-typha' : 'none',
      calico_backend: values.backend,
      veth_mtu: values.vethMTU,
      cni_network_config: cniNetworkConfig(values),
    },
  };
}

/**
 * The conflist calico-node's pods get: the calico plugin chained with portmap, laid out line for
 * line as the chart's template writes it (two-space indent, the portmap capabilities on one line,
 * dual-stack ranges as compact JSON), so every node gets the same bytes as from the extension.
 * Optional ipam keys are left out when empty, as the template's `with` does.
 */
export function cniNetworkConfig(values: CalicoValues): string {
  const { ipam } = values;
  const json = (value: unknown): string => JSON.stringify(value);
  return [
    '{',
    '  "name": "k8s-pod-network",',
    `  "cniVersion": ${json(CNI_VERSION)},`,
    '  "plugins": [',
    '    {',
    '      "type": "calico",',
    '      "log_level": "error",',
    '      "log_file_path": "/var/log/calico/cni/cni.log",',
    '      "datastore_type": "kubernetes",',
    `      "nodename": ${json(CNI_PLACEHOLDERS.nodeName)},`,
    // Unquoted: install-cni substitutes a JSON number here.
    `      "mtu": ${CNI_PLACEHOLDERS.mtu},`,
    '      "ipam": {',
    `        "type": ${json(ipam.type)},`,
    ...(ipam.subnet ? [`        "subnet": ${json(ipam.subnet)},`] : []),
    ...(ipam.ranges?.length ? [`        "ranges": ${json(ipam.ranges)},`] : []),
    // The calico IPAM plugin reads these as strings.
    `        "assign_ipv4": ${json(String(ipam.assignIPv4))},`,
    `        "assign_ipv6": ${json(String(ipam.assignIPv6))}`,
    '      },',
    '      "policy": {',
    '        "type": "k8s"',
    '      },',
    '      "kubernetes": {',
    `        "kubeconfig": ${json(CNI_PLACEHOLDERS.kubeconfig)}`,
    '      }',
    '    },',
    '    {',
    '      "type": "portmap",',
    '      "snat": true,',
    '      "capabilities": {"portMappings": true}',
    '    }',
    '  ]',
    '}',
  ].join('\n');
}

export interface CniSubstitutions {
  mtu: number;
  nodeName: string;
  kubeconfig: string;
}

/** The config text as install-cni leaves it on a node, for checking what the node would get. */
export function substituteCniPlaceholders(configText: string, values: CniSubstitutions): string {
  return configText
    .replace(CNI_PLACEHOLDERS.mtu, String(values.mtu))
    .replace(CNI_PLACEHOLDERS.nodeName, values.nodeName)
    .replace(CNI_PLACEHOLDERS.kubeconfig, values.kubeconfig);
}
