// Running the function the way the bin does (processResourceList) and reading its answer: the
// output items, which of them we generated, and the exact text of the kept and generated parts.
import { isMap, isSeq, parse, parseDocument, type YAMLMap } from 'yaml';
import { GENERATED_ANNOTATION } from '../../src/emit/emit.js';
import { processResourceList, type ProcessOutcome } from '../../src/krm/process.js';

/** A Network and a CalicoRenderConfig in block style (the fast reader's subset), as ResourceList entries. */
export const BLOCK_NETWORK_ITEM = `- apiVersion: extensions.gardener.cloud/v1alpha1
  kind: Network
  metadata:
    name: calico-network
  spec:
    type: calico
    podCIDR: 100.96.0.0/11
    serviceCIDR: 100.64.0.0/13
`;
export const BLOCK_FUNCTION_CONFIG = `functionConfig:
  apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
  kind: CalicoRenderConfig
  metadata:
    name: render-calico
  spec:
    crds: Skip
    shoot:
      spec:
        kubernetes:
          version: "1.34.2"
`;

/** The instant every test renders at, as in the golden cases, so snapshot ages are reproducible. */
export const NOW = new Date('2026-11-23T12:00:00Z');

export function render(input: string): ProcessOutcome {
  return processResourceList(input, { now: NOW });
}

export type Item = Record<string, unknown>;

export function itemsOf(resourceList: string): Item[] {
  return ((parse(resourceList) as { items?: Item[] | null }).items ?? []);
}

export function isGenerated(item: Item): boolean {
  const annotations = (item.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  return annotations?.[GENERATED_ANNOTATION] === 'true';
}

export interface OutputParts {
  items: Item[];
  results: { severity: string; message: string }[];
  /** The ResourceList up to the first generated item: the input items as the function kept them. */
  keptText: string;
  /** The generated items, byte for byte: they follow the kept items as one stretch of text. */
  generatedText: string;
}

/** One parse of the output, split into its parts. */
export function outputParts(resourceList: string): OutputParts {
  const document = parseDocument(resourceList);
  const { items = [], results = [] } = (document.toJS() ?? {}) as { items?: Item[] | null; results?: OutputParts['results'] };
  const itemNodes = document.get('items', true);
  const generated = isSeq(itemNodes)
    ? itemNodes.items.filter((node, index): node is YAMLMap => isMap(node) && isGenerated((items ?? [])[index] ?? {}))
    : [];
  const first = generated[0]?.range;
  const last = generated[generated.length - 1]?.range;
  // From the start of the first generated item's line: its "  - " opens the entry.
  const cut = first ? resourceList.lastIndexOf('\n', first[0]) + 1 : resourceList.length;
  return {
    items: items ?? [],
    results,
    keptText: resourceList.slice(0, cut),
    generatedText: first && last ? resourceList.slice(first[0], last[1]) : '',
  };
}

/** A message with a JavaScript stack frame in it ("    at fn (file:1:2)"). */
export const STACK_TRACE = /\n\s+at \S+/;
