// calico-kube-controllers: garbage-collects IPAM data of deleted nodes and assigns LoadBalancer
// IPs. A single instance at a time, so it is recreated rather than rolled. Absent with backend
// none (the values then turn it off).
import type { KubernetesObject, V1Deployment, V1PolicyRule } from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import {
  type Builder,
  image,
  NAMESPACE,
  objectMeta,
  SYSTEM_COMPONENT,
  TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
} from './common.js';
import { podDisruptionBudget } from './pdb.js';
import { accountWithClusterRole } from './rbac.js';
import { requestsOnlyPolicy, verticalPodAutoscaler } from './vpa.js';

const APP = 'calico-kube-controllers';
const CALICO_GROUP = 'crd.projectcalico.org';

export const buildKubeControllersObjects: Builder = (values) => {
  if (!values.kubeControllersEnabled) return [];
  const objects: KubernetesObject[] = [
    kubeControllersDeployment(values),
    ...accountWithClusterRole(APP, kubeControllersRules()),
    podDisruptionBudget(APP),
  ];
  if (values.autoscaling.kubeControllersVPA) {
    objects.push(
      verticalPodAutoscaler({
        name: APP,
        targetKind: 'Deployment',
        targetName: APP,
        containerPolicies: [requestsOnlyPolicy('*')],
      }),
    );
  }
  return objects;
};

// Built fresh per call: shared arrays would leak mutations between renders and turn into YAML
// anchors when serialized.
function kubeControllersRules(): V1PolicyRule[] {
  return [
    // Node deletions trigger the IPAM clean-up; pods tell which addresses are still in use.
    { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'list', 'get'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    // LoadBalancer IP allocation: namespaces for namespace selectors, services to write the IPs.
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['services', 'services/status'], verbs: ['get', 'list', 'update', 'watch'] },
    { apiGroups: [CALICO_GROUP], resources: ['ipreservations'], verbs: ['list'] },
    {
      apiGroups: [CALICO_GROUP],
      resources: ['blockaffinities', 'ipamblocks', 'ipamhandles', 'ipamconfigs', 'tiers'],
      verbs: ['get', 'list', 'create', 'update', 'delete', 'watch'],
    },
    { apiGroups: [CALICO_GROUP], resources: ['ippools'], verbs: ['list', 'watch'] },
    {
      apiGroups: [CALICO_GROUP],
      resources: ['hostendpoints'],
      verbs: ['get', 'list', 'create', 'update', 'delete', 'watch'],
    },
    { apiGroups: [CALICO_GROUP], resources: ['clusterinformations'], verbs: ['get', 'list', 'create', 'update', 'watch'] },
    // Its own configuration: created with defaults when missing, status written back.
    {
      apiGroups: [CALICO_GROUP],
      resources: ['kubecontrollersconfigurations'],
      verbs: ['get', 'list', 'create', 'update', 'watch'],
    },
  ];
}

function kubeControllersDeployment(values: CalicoValues): V1Deployment {
  const checkStatus = (flag: string) => ({ exec: { command: ['/usr/bin/check-status', flag] } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(APP, { labels: { 'k8s-app': APP, ...SYSTEM_COMPONENT } }),
    spec: {
      replicas: 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { 'k8s-app': APP } },
      strategy: { type: 'Recreate' },
      template: {
        metadata: {
          name: APP,
          namespace: NAMESPACE,
          labels: {
            ...TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
            origin: 'gardener',
            'k8s-app': APP,
            ...SYSTEM_COMPONENT,
          },
        },
        spec: {
          tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }],
          serviceAccountName: APP,
          priorityClassName: 'system-cluster-critical',
          // Resolve through the node, not the cluster DNS, which may itself depend on Calico.
          dnsPolicy: 'Default',
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: APP,
              image: image(values, 'calico-kube-controllers'),
              env: [
                { name: 'ENABLED_CONTROLLERS', value: 'node,loadbalancer' },
                { name: 'DATASTORE_TYPE', value: 'kubernetes' },
              ],
              resources: { requests: { cpu: '10m', memory: '50Mi' } },
              livenessProbe: {
                ...checkStatus('-l'),
                periodSeconds: 10,
                initialDelaySeconds: 10,
                failureThreshold: 6,
                timeoutSeconds: 10,
              },
              readinessProbe: { ...checkStatus('-r'), periodSeconds: 10, timeoutSeconds: 10 },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, runAsNonRoot: true },
            },
          ],
        },
      },
    },
  };
}
