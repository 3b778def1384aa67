// A MutatingAdmissionPolicy that keeps calico-node from writing the NetworkUnavailable node
// condition while pods use native routing. calico-node sets it to False/CalicoIsUp at start and
// True/CalicoIsDown at shutdown; with the overlay off that condition belongs to the cloud route
// controller (RouteCreated / NoRouteCreated), and the overlay guard reads it as route evidence.
// The name matches the policy Gardener providers deploy, so both never coexist under two names.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { AdmissionPolicyApi } from '../overlay/decide.js';
import { NAMESPACE, objectMeta, SYSTEM_COMPONENT } from './common.js';

export const ADMISSION_POLICY_NAME = 'block-calico-network-unavailable';
const CALICO_NODE_USER = `system:serviceaccount:${NAMESPACE}:calico-node`;

/**
 * The condition list calico-node sent, with its NetworkUnavailable entry replaced by the one the
 * node had before (or dropped when it had none). Other conditions pass untouched.
 */
const KEEP_PREVIOUS_NETWORK_UNAVAILABLE = [
  '[',
  '  JSONPatch{',
  '    op: "replace",',
  '    path: "/status/conditions",',
  '    value: object.status.conditions.filter(c, c.type != "NetworkUnavailable") +',
  '      (has(oldObject.status.conditions) ? oldObject.status.conditions.filter(c, c.type == "NetworkUnavailable") : [])',
  '  }',
  ']',
].join('\n');

export function buildAdmissionPolicy(api: AdmissionPolicyApi): KubernetesObject[] {
  const apiVersion = `admissionregistration.k8s.io/${api}`;
  const labels = { ...SYSTEM_COMPONENT };
  return [
    {
      apiVersion,
      kind: 'MutatingAdmissionPolicy',
      metadata: objectMeta(ADMISSION_POLICY_NAME, { namespaced: false, labels }),
      spec: {
        // A failing policy must never block node status updates.
        failurePolicy: 'Ignore',
        reinvocationPolicy: 'Never',
        matchConstraints: {
          resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['nodes/status'] }],
        },
        matchConditions: [
          { name: 'from-calico-node', expression: `request.userInfo.username == "${CALICO_NODE_USER}"` },
          {
            name: 'touches-network-unavailable',
            expression: 'has(object.status.conditions) && object.status.conditions.exists(c, c.type == "NetworkUnavailable")',
          },
        ],
        mutations: [{ patchType: 'JSONPatch', jsonPatch: { expression: KEEP_PREVIOUS_NETWORK_UNAVAILABLE } }],
      },
    } as KubernetesObject,
    {
      apiVersion,
      kind: 'MutatingAdmissionPolicyBinding',
      metadata: objectMeta(`${ADMISSION_POLICY_NAME}-binding`, { namespaced: false, labels }),
      spec: { policyName: ADMISSION_POLICY_NAME },
    } as KubernetesObject,
  ];
}
