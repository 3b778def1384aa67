// The images upstream's imagevector pins (imagevector/images.yaml of the extension), by the
// upstream image names, so `spec.images` overrides read the same as the extension's chart values.
import type { ImageSet } from './types.js';

const CALICO_VERSION = 'v3.31.6';

export const PINNED_IMAGES: ImageSet = {
  'calico-node': `quay.io/calico/node:${CALICO_VERSION}`,
  'calico-cni': `quay.io/calico/cni:${CALICO_VERSION}`,
  'calico-typha': `quay.io/calico/typha:${CALICO_VERSION}`,
  'calico-kube-controllers': `quay.io/calico/kube-controllers:${CALICO_VERSION}`,
  'calico-cpa': 'registry.k8s.io/cpa/cluster-proportional-autoscaler:v1.10.3',
  'calico-cpva': 'registry.k8s.io/cpa/cpvpa:v0.8.10',
  'bird-exporter': 'ghcr.io/czerwonk/bird_exporter:v1.5.0',
  'multus-cni': 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.3.0',
  // Upstream builds this image itself and versions it with the extension; v1.59.0 is the
  // extension's latest release at the time we pinned the others.
  'cni-plugins': 'europe-docker.pkg.dev/gardener-project/releases/gardener/extensions/cni-plugins:v1.59.0',
};
