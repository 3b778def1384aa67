// Validates built-in Kubernetes objects against the OpenAPI schema of their apiVersion/kind with
// maintained packages, not hand-written checks:
// - kubernetes-models 4.5.1: the Kubernetes OpenAPI definitions compiled to ajv validators
//   (types, required fields, enums, formats such as int-or-string and quantities);
// - @kubernetes/client-node's generated type map: the OpenAPI definitions declare no
//   `additionalProperties: false`, so a misspelt field (`securityContex`) passes the schema but
//   is dropped or rejected by the API server. A round trip through client-node's serializer keeps
//   exactly the declared fields; whatever it loses is unknown to the schema.
// kubernetes-models 4.5.1 is generated from Kubernetes 1.33 and leaves out alpha versions, so it
// lacks MutatingAdmissionPolicy in every version (v1alpha1 only in 1.32-1.33, v1beta1 from 1.34,
// v1 from 1.36); VerticalPodAutoscaler is a CRD of kubernetes/autoscaler, not a built-in kind.
// Those kinds are named in UNVALIDATED_KINDS; of them only `metadata` is checked (unknown fields).
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { isDeepStrictEqual } from 'node:util';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';

/** A kubernetes-models class: `new Model(object).validate()` throws on a schema violation. */
type ModelClass = new (data: never) => { validate(): void };

interface BuiltinKind {
  model: ModelClass;
  /** The client-node model name of the same definition, for the unknown-field check. */
  clientType: string;
}

const BUILTIN_KINDS: ReadonlyMap<string, BuiltinKind> = new Map([
  ['v1 ConfigMap', { model: ConfigMap, clientType: 'V1ConfigMap' }],
  ['v1 Service', { model: Service, clientType: 'V1Service' }],
  ['v1 ServiceAccount', { model: ServiceAccount, clientType: 'V1ServiceAccount' }],
  ['apps/v1 DaemonSet', { model: DaemonSet, clientType: 'V1DaemonSet' }],
  ['apps/v1 Deployment', { model: Deployment, clientType: 'V1Deployment' }],
  ['policy/v1 PodDisruptionBudget', { model: PodDisruptionBudget, clientType: 'V1PodDisruptionBudget' }],
  ['networking.k8s.io/v1 NetworkPolicy', { model: NetworkPolicy, clientType: 'V1NetworkPolicy' }],
  ['rbac.authorization.k8s.io/v1 ClusterRole', { model: ClusterRole, clientType: 'V1ClusterRole' }],
  ['rbac.authorization.k8s.io/v1 ClusterRoleBinding', { model: ClusterRoleBinding, clientType: 'V1ClusterRoleBinding' }],
  ['rbac.authorization.k8s.io/v1 Role', { model: Role, clientType: 'V1Role' }],
  ['rbac.authorization.k8s.io/v1 RoleBinding', { model: RoleBinding, clientType: 'V1RoleBinding' }],
  ['apiextensions.k8s.io/v1 CustomResourceDefinition', { model: CustomResourceDefinition, clientType: 'V1CustomResourceDefinition' }],
]);

/** Kinds we generate that no installed validator package has a schema for (see the header). */
export const UNVALIDATED_KINDS: ReadonlySet<string> = new Set([
  'autoscaling.k8s.io/v1 VerticalPodAutoscaler',
  ...['v1', 'v1beta1', 'v1alpha1'].flatMap((version) => [
    `admissionregistration.k8s.io/${version} MutatingAdmissionPolicy`,
    `admissionregistration.k8s.io/${version} MutatingAdmissionPolicyBinding`,
  ]),
]);

export function typeKey(object: { apiVersion?: unknown; kind?: unknown }): string {
  return `${String(object.apiVersion)} ${String(object.kind)}`;
}

export function isBuiltinKind(key: string): boolean {
  return BUILTIN_KINDS.has(key);
}

/** Schema violations of a built-in object, as messages; empty when it is valid. */
export function builtinProblems(object: Record<string, unknown>): string[] {
  const kind = BUILTIN_KINDS.get(typeKey(object));
  if (!kind) return [`no built-in schema for ${typeKey(object)}`];
  const problems: string[] = [];
  try {
    new kind.model(object as never).validate();
  } catch (error) {
    problems.push(`OpenAPI schema: ${(error as Error).message}`);
  }
  return [...problems, ...unknownFields(object, roundTrip(object, kind.clientType), '')];
}

/** For UNVALIDATED_KINDS: the fields of `metadata` that ObjectMeta does not declare. */
export function metadataProblems(object: Record<string, unknown>): string[] {
  return unknownFields(object.metadata, roundTrip(object.metadata, 'V1ObjectMeta'), '.metadata');
}

/** The value as client-node reads and writes it: only the fields its model declares survive. */
function roundTrip(value: unknown, clientType: string): unknown {
  return JSON.parse(JSON.stringify(ObjectSerializer.serialize(ObjectSerializer.deserialize(value, clientType, ''), clientType, '')));
}

/** Every field of `original` that the schema round trip lost or changed, by path. */
function unknownFields(original: unknown, roundTripped: unknown, path: string): string[] {
  if (isDeepStrictEqual(original, roundTripped)) return [];
  if (isContainer(original) && isContainer(roundTripped)) {
    return Object.keys(original).flatMap((key) =>
      unknownFields((original as Record<string, unknown>)[key], (roundTripped as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return [`${path || '.'}: not in the schema (${JSON.stringify(original)?.slice(0, 80)})`];
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
