// Items the function does not own, written as YAML text the way users and kpt write them: values
// whose type depends on the YAML version or on quoting (1.20, 0755, yes, on, dates, ~), block
// scalars, comments, anchors, and kpt's own annotations. They must come back as they came.
import fc from 'fast-check';

/**
 * Scalars as written in the file; a reader may take each for a string, number, bool, null or
 * date. All of them are in the block subset the function's fast reader takes (src/krm/block-yaml.ts).
 */
const BLOCK_SCALARS = [
  '1.20', '"1.20"', "'1.20'", '1.0', '0755', '0o755', '0x1F', '1_000', '+12', '-0', '1e3', '.inf', '-.Inf', '.NaN',
  'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'True', 'false', '~', 'null', 'Null', "''", '""',
  '2026-01-01', '2026-01-01T10:00:00Z', '12:30:00', '"on"', "'no'", '"\\u00e9t\\u00e9"', 'été',
  '"multi\\nline"', 'plain text with spaces', "'it''s'", '"tab\\there"', '"# not a comment"', 'value # with a comment',
  '|\n      line one\n      1.20\n', '|+\n      keep\n\n',
];
/** Scalars only the yaml package reads: tags, flow collections, folded blocks. */
const OTHER_SCALARS = ['!!str 5', '[1.20, yes, ~]', '{a: 0755, b: off}', '>-\n      folded yes\n      text\n'];

export interface UserItem {
  name: string;
  /** The item as a YAML block sequence entry ("- apiVersion: ..."), ending in a newline. */
  text: string;
}

/**
 * A ConfigMap of the user's, with kpt's bookkeeping annotations; `id` keeps names unique. Half of
 * them stay in the block subset, the other half use flow maps, anchors, tags and folded scalars.
 */
export function userItem(id: number): fc.Arbitrary<UserItem> {
  return fc.boolean().chain((blockOnly) => fc.record({
    values: fc.array(fc.constantFrom(...BLOCK_SCALARS, ...(blockOnly ? [] : OTHER_SCALARS)), { minLength: 1, maxLength: 5 }),
    comment: fc.boolean(),
    anchored: blockOnly ? fc.constant(false) : fc.boolean(),
    flowLabels: fc.constant(!blockOnly),
  })).map(({ values, comment, anchored, flowLabels }) => {
    const name = `user-${id}`;
    const data = values.map((value, index) => `    k${index}: ${value}${value.endsWith('\n') ? '' : '\n'}`).join('');
    const text = [
      `- apiVersion: v1\n`,
      `  kind: ConfigMap\n`,
      `  metadata:\n`,
      `    name: ${name}\n`,
      `    namespace: default\n`,
      flowLabels ? `    labels: ${anchored ? `&labels-${id} ` : ''}{app: user, tier: "1.20"}\n` : `    labels:\n      app: user\n      tier: "1.20"\n`,
      `    annotations:\n`,
      `      config.kubernetes.io/path: 'user/${name}.yaml'\n`,
      `      internal.config.kubernetes.io/path: user/${name}.yaml\n`,
      `      config.kubernetes.io/index: '0'\n`,
      `      internal.config.kubernetes.io/index: "0"\n`,
      `      internal.config.kubernetes.io/seqindent: compact\n`,
      `      config.k8s.io/id: '${id + 1}'\n`,
      comment ? `  # the user's comment\n` : '',
      `  data:\n`,
      data,
      anchored ? `  selectorLabels: *labels-${id}\n` : '',
    ].join('');
    return { name, text };
  });
}

/** An item without a kind or a name: not a valid Kubernetes object, still not ours to drop. `marker` tells it apart. */
export const incompleteItem: fc.Arbitrary<UserItem> = fc.constantFrom(
  { name: 'no-kind', text: '- apiVersion: v1\n  metadata: {name: no-kind}\n  data: {a: "1"}\n' },
  { name: 'no-name', text: '- apiVersion: v1\n  kind: ConfigMap\n  marker: no-name\n  metadata: {labels: {x: "y"}}\n' },
  { name: 'no-metadata', text: '- apiVersion: example.com/v1\n  kind: Thing\n  marker: no-metadata\n  spec: 0755\n' },
);
