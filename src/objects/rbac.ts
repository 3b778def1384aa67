// The RBAC shapes every Calico component uses: a ServiceAccount without an auto-mounted token,
// a ClusterRole and a ClusterRoleBinding granting that role to some subjects, and for rules that
// only concern kube-system, a Role and its RoleBinding.
import type {
  RbacV1Subject,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { NAMESPACE, objectMeta } from './common.js';

const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

/**
 * A ServiceAccount in kube-system. Its token is never auto-mounted: the components get their
 * API credentials through projected tokens (Gardener) or calico-node's managed kubeconfig.
 */
export function serviceAccount(name: string): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(name),
    automountServiceAccountToken: false,
  };
}

/** A cluster-scoped role with the given rules; `labels` only when the role carries any. */
export function clusterRole(name: string, rules: V1PolicyRule[], labels?: Record<string, string>): V1ClusterRole {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'ClusterRole',
    metadata: objectMeta(name, { namespaced: false, ...(labels ? { labels } : {}) }),
    rules,
  };
}

/** Grants the ClusterRole `roleName` to `subjects` under the binding name `name`. */
export function clusterRoleBinding(name: string, roleName: string, subjects: RbacV1Subject[]): V1ClusterRoleBinding {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'ClusterRoleBinding',
    metadata: objectMeta(name, { namespaced: false }),
    roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: roleName },
    subjects,
  };
}

/**
 * A component's own ServiceAccount with a ClusterRole of the same name bound to it, in that order.
 * `sharedWith` names further ServiceAccounts the binding grants the role to.
 */
export function accountWithClusterRole(
  name: string,
  rules: V1PolicyRule[],
  sharedWith: string[] = [],
): [V1ServiceAccount, V1ClusterRole, V1ClusterRoleBinding] {
  return [
    serviceAccount(name),
    clusterRole(name, rules),
    clusterRoleBinding(name, name, [name, ...sharedWith].map(serviceAccountSubject)),
  ];
}

/** A role in kube-system with the given rules. */
export function role(name: string, rules: V1PolicyRule[]): V1Role {
  return { apiVersion: RBAC_API_VERSION, kind: 'Role', metadata: objectMeta(name), rules };
}

/** Grants the kube-system Role `roleName` to `subjects` under the binding name `name`. */
export function roleBinding(name: string, roleName: string, subjects: RbacV1Subject[]): V1RoleBinding {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'RoleBinding',
    metadata: objectMeta(name),
    roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name: roleName },
    subjects,
  };
}

/** The binding subject for the ServiceAccount `name` in kube-system. */
export function serviceAccountSubject(name: string): RbacV1Subject {
  return { kind: 'ServiceAccount', name, namespace: NAMESPACE };
}

/** The binding subject for the Kubernetes user `name` (e.g. a control-plane component). */
export function userSubject(name: string): RbacV1Subject {
  return { apiGroup: RBAC_API_GROUP, kind: 'User', name };
}
