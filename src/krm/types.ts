// KRM Functions Specification types (https://github.com/kubernetes-sigs/kustomize/blob/master/cmd/config/docs/api-conventions/functions-spec.md).

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

/** An item as the function sees it: its plain value plus where it sits in the input. */
export interface InputItem {
  /** Position in the input `items`. */
  index: number;
  object: Record<string, unknown>;
}

export function refOf(object: Record<string, unknown>): ResourceRef {
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const ref: ResourceRef = {};
  if (typeof object.apiVersion === 'string') ref.apiVersion = object.apiVersion;
  if (typeof object.kind === 'string') ref.kind = object.kind;
  if (typeof metadata.name === 'string') ref.name = metadata.name;
  if (typeof metadata.namespace === 'string') ref.namespace = metadata.namespace;
  return ref;
}
