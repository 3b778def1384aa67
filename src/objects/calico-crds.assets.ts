// The Calico CRDs' bulk: the generated data (calico-crds.data.ts, 74 KB as compact JSON) and, in the
// bundle, each spec printed ahead of time in both sequence styles (src/printed-yaml.ts). The bundle
// replaces this module (scripts/build.mjs): it keeps the texts in files beside dist/core.cjs and
// reads each when first used, so that they are neither in the script nor in its code cache, which
// every start reads and V8 deserialises: out of them, 380 KB each, a default render loads the core
// 2.4 ms faster and spends 0.9 ms more reading the one file it needs, the specs in its style
// (BENCHMARKS.md). Run from source (tests, tsx) there are no printed specs, and the specs
// are parsed and printed like any other value: the output is the same either way
// (test/e2e/bundle-identity.test.ts runs both, through the function and through `render`).
import { CALICO_CRDS_JSON } from './calico-crds.data.js';
import type { PrintedYaml } from '../printed-yaml.js';

export interface PrintedCrd {
  name: string;
  annotations?: Record<string, string>;
  spec: PrintedYaml;
}

/** The generated data's JSON text. */
export function calicoCrdsJson(): string {
  return CALICO_CRDS_JSON;
}

export const CALICO_CRDS_PRINTED = undefined as readonly PrintedCrd[] | undefined;
