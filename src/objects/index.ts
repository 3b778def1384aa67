// Every component builder, in the order the objects are emitted: CRDs first, so a plain
// `kubectl apply` of the output meets the IPPool kind already defined.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { AdmissionPolicyApi } from '../overlay/decide.js';
import type { CalicoValues } from '../values/types.js';
import { buildAdmissionPolicy } from './admission-policy.js';
import { buildAutoscalerObjects } from './autoscalers.js';
import { buildCalicoCRDs } from './crds.js';
import { buildIPPools } from './ip-pools.js';
import { buildKubeControllersObjects } from './kube-controllers.js';
import { buildMultusObjects } from './multus.js';
import { buildNodeObjects } from './node.js';
import { buildTyphaObjects } from './typha.js';

export interface BuildOptions {
  crds: 'Emit' | 'Skip';
  /** Render the policy that keeps calico-node off the NetworkUnavailable condition, for this API. */
  admissionPolicy?: AdmissionPolicyApi;
}

export function buildObjects(values: CalicoValues, options: BuildOptions): KubernetesObject[] {
  return [
    ...(options.crds === 'Emit' ? buildCalicoCRDs() : []),
    ...buildNodeObjects(values),
    ...buildIPPools(values),
    ...buildTyphaObjects(values),
    ...buildKubeControllersObjects(values),
    ...buildAutoscalerObjects(values),
    ...buildMultusObjects(values),
    ...(options.admissionPolicy ? buildAdmissionPolicy(options.admissionPolicy) : []),
  ];
}
