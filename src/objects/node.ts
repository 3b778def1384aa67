// Everything that runs or serves calico-node on the shoot's nodes, in one builder.
import type { Builder } from './common.js';
import { buildCalicoConfig } from './calico-config.js';
import { buildCalicoNode } from './calico-node.js';
import { buildNodeMonitoring, buildNodeVPA } from './node-monitoring.js';
import { buildNodeRbac, buildTierGetterRbac } from './node-rbac.js';

/** calico-config, the calico-node DaemonSet, its RBAC, tier-getter RBAC, metrics Services, VPA. */
export const buildNodeObjects: Builder = (values) => [
  buildCalicoConfig(values),
  buildCalicoNode(values),
  ...buildNodeRbac(values),
  ...buildTierGetterRbac(),
  ...buildNodeMonitoring(values),
  ...buildNodeVPA(values),
];
