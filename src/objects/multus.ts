// Multus: a meta CNI plugin that puts Calico first and lets pods ask for extra interfaces through
// NetworkAttachmentDefinitions. Rendered only when the user enables it.
import type { V1Container, V1CustomResourceDefinition, V1DaemonSet, V1PolicyRule } from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import { type Builder, image, objectMeta, TO_APISERVER_AND_DNS } from './common.js';
// Multus wraps Calico's conflist as the pods' default network, declaring the same CNI version.
import { CALICO_CNI_CONFIG_FILE, CNI_VERSION } from './calico-config.js';
import { nodeAgentDaemonSet } from './node-agent.js';
import { envFromNodeName, hostPathVolume, mount, privileged } from './pod-spec.js';
import { accountWithClusterRole } from './rbac.js';

const MULTUS = 'multus';

const HOST_CNI_BIN = '/host/opt/cni/bin';
const HOST_CNI_CONF = '/host/etc/cni/net.d';

/**
 * Copies the reference CNI plugins into the host's plugin directory: every regular file (not a
 * symlink) directly in the image's plugin directory, except the plugins Calico installs itself,
 * whose Calico builds must stay. A file that cannot be copied (say, a plugin binary that is
 * executing right now) is reported and skipped; the next pod start tries again.
 */
const INSTALL_CNI_PLUGINS = `\
for plugin in /usr/src/cni/bin/*; do
  name="\${plugin##*/}"
  case "$name" in
    host-local|portmap|loopback|tuning) continue ;;
  esac
  if [ -f "$plugin" ] && [ ! -L "$plugin" ]; then
    cp "$plugin" ${HOST_CNI_BIN}/ || echo "could not install CNI plugin $name" >&2
  fi
done
`;

function multusRules(): V1PolicyRule[] {
  return [
    { apiGroups: ['k8s.cni.cncf.io'], resources: ['*'], verbs: ['*'] },
    // Multus records the attached networks in the pod's network-status annotation.
    { apiGroups: [''], resources: ['pods', 'pods/status'], verbs: ['get', 'list', 'update', 'watch'] },
    { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
  ];
}

export const buildMultusObjects: Builder = (values) => {
  if (!values.multus.enabled) return [];
  return [
    multusDaemonSet(values),
    ...accountWithClusterRole(MULTUS, multusRules()),
    networkAttachmentDefinitionCrd(),
  ];
};

function multusDaemonSet(values: CalicoValues): V1DaemonSet {
  return nodeAgentDaemonSet({
    name: MULTUS,
    // Multus talks only to the API server, so it gets no access to public networks.
    networkAccess: TO_APISERVER_AND_DNS,
    initContainers: initContainers(values),
    containers: [multusContainer(values)],
    volumes: [hostPathVolume('cni', '/etc/cni/net.d'), hostPathVolume('cnibin', '/opt/cni/bin')],
  });
}

function initContainers(values: CalicoValues): V1Container[] {
  const installers = [
    // The thin plugin: a small binary on the host that delegates to the daemon in this pod.
    hostBinaryInstaller('install-multus-cni', image(values, 'multus-cni'), ['/install_multus'], ['--type', 'thin']),
  ];
  if (values.multus.installCNIPlugins) {
    const pluginsImage = image(values, 'cni-plugins');
    installers.push(hostBinaryInstaller('install-cni-plugins', pluginsImage, ['/bin/sh'], ['-c', INSTALL_CNI_PLUGINS]));
  }
  return installers;
}

/** An init container that writes binaries into the host's CNI plugin directory. */
function hostBinaryInstaller(name: string, installerImage: string, command: string[], args: string[]): V1Container {
  return {
    name,
    image: installerImage,
    command,
    args,
    resources: { requests: { cpu: '10m', memory: '15Mi' } },
    volumeMounts: [mount('cnibin', HOST_CNI_BIN)],
    securityContext: privileged(),
  };
}

function multusContainer(values: CalicoValues): V1Container {
  return {
    name: MULTUS,
    image: image(values, 'multus-cni'),
    command: ['/thin_entrypoint'],
    args: [
      // Removing Multus's config on exit hands the node back to Calico alone.
      '--cleanup-config-on-exit',
      `--cni-bin-dir=${HOST_CNI_BIN}`,
      `--cni-conf-dir=${HOST_CNI_CONF}`,
      `--cni-version=${CNI_VERSION}`,
      `--multus-autoconfig-dir=${HOST_CNI_CONF}`,
      '--multus-cni-conf-dir=/etc/cni/multus/net.d',
      '--multus-conf-file=auto',
      '--multus-log-file=/var/log/multus.log',
      '--multus-log-level=error',
      '--multus-log-to-stderr=true',
      `--multus-master-cni-file-name=${CALICO_CNI_CONFIG_FILE}`,
      // Pods get no network through Multus until Calico's config is in place.
      `--readiness-indicator-file=/etc/cni/net.d/${CALICO_CNI_CONFIG_FILE}`,
    ],
    securityContext: privileged(),
    resources: { requests: { cpu: '100m', memory: '200Mi' } },
    env: [envFromNodeName('MULTUS_NODE_NAME')],
    volumeMounts: [mount('cni', HOST_CNI_CONF), mount('cnibin', HOST_CNI_BIN)],
  };
}

/**
 * The Network Plumbing Working Group's NetworkAttachmentDefinition: a namespaced object whose
 * spec carries one CNI configuration as a JSON string: the working group's structural schema,
 * with descriptions of our own.
 */
function networkAttachmentDefinitionCrd(): V1CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: objectMeta('network-attachment-definitions.k8s.cni.cncf.io', { namespaced: false }),
    spec: {
      group: 'k8s.cni.cncf.io',
      scope: 'Namespaced',
      names: {
        plural: 'network-attachment-definitions',
        singular: 'network-attachment-definition',
        kind: 'NetworkAttachmentDefinition',
        shortNames: ['net-attach-def'],
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              description: 'Attaches pods to a further network through Multus, by the CNI configuration in its spec.',
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  description: 'The network to attach.',
                  type: 'object',
                  properties: {
                    config: {
                      description: 'A CNI configuration, as JSON text.',
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}
