// Typha: the fan-out cache between the API server and every calico-node. Its Deployment,
// Service, budget and account exist only when typha is on; the network policy letting
// calico-node reach it, the metrics Service and the VPA follow their own conditions, as
// upstream's templates do.
import type {
  KubernetesObject,
  V1Deployment,
  V1EnvVar,
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicySpec,
  V1ResourceRequirements,
  V1Service,
} from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import {
  type Builder,
  image,
  objectMeta,
  preserveResourcesAnnotations,
  SYSTEM_COMPONENT,
  TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
  tolerateEveryTaint,
} from './common.js';
import { metricsService } from './metrics-service.js';
import { podDisruptionBudget } from './pdb.js';
import { serviceAccount } from './rbac.js';
import { requestsOnlyPolicy, verticalPodAutoscaler } from './vpa.js';

const APP = 'calico-typha';
const DEPLOYMENT_NAME = 'calico-typha-deploy';
const TYPHA_PORT = 5473;
const HEALTH_PORT = 9098;
/** Typha drains its clients slowly on shutdown; env and pod spec must agree on how long. */
const SHUTDOWN_SECONDS = 300;

export const buildTyphaObjects: Builder = (values) => {
  const objects: KubernetesObject[] = [];
  if (values.typhaEnabled) {
    objects.push(typhaDeployment(values), typhaService(), podDisruptionBudget(APP), serviceAccount(APP));
  }
  objects.push(allowFromCalicoNodePolicy());
  if (values.monitoring.enabled) {
    objects.push(metricsService('calico-typha-monitoring', values.monitoring.typhaMetricsPort, APP));
  }
  // Only ever set with typha on: the values carry the typha VPA only then.
  if (values.autoscaling.typhaVPA) {
    objects.push(
      verticalPodAutoscaler({
        name: APP,
        targetKind: 'Deployment',
        targetName: DEPLOYMENT_NAME,
        containerPolicies: [requestsOnlyPolicy('*', values.autoscaling.resourceRequests.typha)],
      }),
    );
  }
  return objects;
};

function typhaDeployment(values: CalicoValues): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(DEPLOYMENT_NAME, {
      annotations: preserveResourcesAnnotations(values),
      labels: { 'k8s-app': APP, ...SYSTEM_COMPONENT },
    }),
    spec: {
      revisionHistoryLimit: 2,
      // A full surge lets the new typhas become ready before the old ones hand their clients
      // over; one may be unavailable because single-node clusters cannot fit two on the host port.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '100%' } },
      selector: { matchLabels: { 'k8s-app': APP } },
      template: {
        metadata: {
          annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' },
          labels: {
            ...TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
            origin: 'gardener',
            ...SYSTEM_COMPONENT,
            'k8s-app': APP,
          },
        },
        spec: {
          tolerations: tolerateEveryTaint(),
          // Pod networking needs typha first, so typha itself must live on the host network.
          hostNetwork: true,
          terminationGracePeriodSeconds: SHUTDOWN_SECONDS,
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: APP,
          securityContext: {
            runAsUser: 65534,
            fsGroup: 65534,
            supplementalGroups: [1],
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              image: image(values, 'calico-typha'),
              imagePullPolicy: 'IfNotPresent',
              name: APP,
              ports: [
                { containerPort: TYPHA_PORT, name: APP, protocol: 'TCP' },
                ...(values.monitoring.enabled
                  ? [{ containerPort: values.monitoring.typhaMetricsPort, name: 'metrics', protocol: 'TCP' }]
                  : []),
              ],
              env: typhaEnv(values),
              resources: typhaResources(values),
              livenessProbe: {
                httpGet: { path: '/liveness', port: HEALTH_PORT, host: 'localhost' },
                periodSeconds: 30,
                initialDelaySeconds: 30,
                timeoutSeconds: 10,
              },
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
              readinessProbe: {
                httpGet: { path: '/readiness', port: HEALTH_PORT, host: 'localhost' },
                periodSeconds: 10,
                timeoutSeconds: 10,
              },
            },
          ],
        },
      },
    },
  };
}

function typhaEnv(values: CalicoValues): V1EnvVar[] {
  const env: V1EnvVar[] = [];
  if (values.ipam.type === 'host-local') env.push({ name: 'USE_POD_CIDR', value: 'true' });
  if (values.monitoring.enabled) {
    env.push(
      { name: 'TYPHA_PROMETHEUSMETRICSENABLED', value: 'true' },
      { name: 'TYPHA_PROMETHEUSMETRICSPORT', value: String(values.monitoring.typhaMetricsPort) },
    );
  }
  env.push(
    { name: 'TYPHA_LOGSEVERITYSCREEN', value: 'info' },
    // Files and syslog are meaningless in a container; stdout is enough.
    { name: 'TYPHA_LOGFILEPATH', value: 'none' },
    { name: 'TYPHA_LOGSEVERITYSYS', value: 'none' },
    // Spread clients evenly over the replicas, counted through the API server.
    { name: 'TYPHA_CONNECTIONREBALANCINGMODE', value: 'kubernetes' },
    { name: 'TYPHA_DATASTORETYPE', value: 'kubernetes' },
    { name: 'TYPHA_HEALTHENABLED', value: 'true' },
    { name: 'TYPHA_SHUTDOWNTIMEOUTSECS', value: String(SHUTDOWN_SECONDS) },
  );
  return env;
}

/** The user's requests apply only in static mode; otherwise the autoscalers start from defaults. */
function typhaResources(values: CalicoValues): V1ResourceRequirements {
  const configured = values.autoscaling.staticRequests ? values.autoscaling.resourceRequests.typha : undefined;
  return { requests: { cpu: configured?.cpu || '200m', memory: configured?.memory || '100Mi' } };
}

function typhaService(): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(APP, { labels: { 'k8s-app': APP } }),
    spec: {
      ports: [{ port: TYPHA_PORT, protocol: 'TCP', targetPort: APP, name: APP }],
      selector: { 'k8s-app': APP },
    },
  };
}

// client-node names the peer list `_from` (a reserved word in its generator) and renames it only
// in its own serializer; we emit plain objects, so we need the wire name `from`.
type IngressRule = Omit<V1NetworkPolicyIngressRule, '_from'> & { from?: V1NetworkPolicyPeer[] };
type NetworkPolicy = Omit<V1NetworkPolicy, 'spec'> & {
  spec: Omit<V1NetworkPolicySpec, 'ingress'> & { ingress?: IngressRule[] };
};

function allowFromCalicoNodePolicy(): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta('gardener.cloud--allow-from-calico-node', {
      annotations: { 'gardener.cloud/description': 'Allows traffic from calico node\n' },
      labels: { origin: 'gardener' },
    }),
    spec: {
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'k8s-app': 'calico-node' } } }],
          ports: [{ port: TYPHA_PORT, protocol: 'TCP' }],
        },
      ],
      podSelector: { matchLabels: { 'k8s-app': APP } },
      policyTypes: ['Ingress'],
    },
  };
}
