// How scalars are printed, as tags of the document's schema, so the printer does it as it goes
// (no extra pass over the nodes):
// - a number, boolean or null the user wrote keeps its spelling (`0755`, `1.20`, `True`, `~`),
//   which the YAML 1.2 core schema would otherwise normalise, as kpt itself keeps it;
// - a string we generate is double-quoted when a YAML 1.1 reader (kubectl, sigs.k8s.io/yaml)
//   would take it for something else: `Off` must stay the string "Off".
import type { ScalarTag, Tags } from 'yaml';

const STRING_TAG = 'tag:yaml.org,2002:str';

/** For the `customTags` option of the yaml parser: the core tags with the rules above. */
export function portableScalarTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (!isScalarTag(tag) || !tag.stringify) return tag;
    const print = tag.stringify;
    if (tag.tag === STRING_TAG) {
      return {
        ...tag,
        stringify(item, ctx, onComment, onChompKeep) {
          if (item.source === undefined && !item.type && typeof item.value === 'string' && isAmbiguousInYaml11(item.value)) {
            item.type = 'QUOTE_DOUBLE';
          }
          return print(item, ctx, onComment, onChompKeep);
        },
      };
    }
    return {
      ...tag,
      stringify(item, ctx, onComment, onChompKeep) {
        return typeof item.source === 'string' && item.type === 'PLAIN' ? item.source : print(item, ctx, onComment, onChompKeep);
      },
    };
  });
}

function isScalarTag(tag: Tags[number]): tag is ScalarTag {
  return typeof tag === 'object' && !('collection' in tag && tag.collection);
}

// The YAML 1.1 type repository's plain-scalar forms (yaml.org/type: bool, int, float, null,
// timestamp), including those YAML 1.2 dropped: yes/no/on/off, sexagesimal, binary, `_`.
const YAML11_BOOLEAN = /^(?:[Yy]|[Yy]es|YES|[Nn]|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const YAML11_NUMBER = new RegExp(
  '^[-+]?(?:0b[0-1_]+|0[0-7_]+|[0-9][0-9_]*|0x[0-9a-fA-F_]+' +
    '|(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+|(?:[0-9][0-9_]*)?\\.[0-9_]*' +
    '|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?|\\.(?:inf|Inf|INF))$|^\\.(?:nan|NaN|NAN)$',
);
const YAML11_TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;
const YAML11_NULL = /^(?:~|[Nn]ull|NULL|)$/;

/** The forms above that are words (the booleans and nulls, the empty string one of them): looked up, not matched. */
const YAML11_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '~', 'null', 'Null', 'NULL', '',
]);

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const isDigit = (code: number) => code >= ZERO && code <= NINE;

/**
 * The other forms, numbers and timestamps, are matched only for a string that starts like one: a
 * timestamp with a digit, a number with a digit, a sign, a dot or an exponent (`E5`, `e-3` are
 * floats). Most strings start otherwise. The printer asks this of every string it writes, and a
 * regular expression costs most at its first use, when V8 compiles it: once a start.
 */
export function isAmbiguousInYaml11(text: string): boolean {
  if (YAML11_WORDS.has(text)) return true;
  const first = text.charCodeAt(0);
  if (isDigit(first)) return YAML11_NUMBER.test(text) || YAML11_TIMESTAMP.test(text);
  if (first === PLUS || first === MINUS || first === DOT) return YAML11_NUMBER.test(text);
  if (first === 0x45 || first === 0x65) {
    const second = text.charCodeAt(1);
    return (isDigit(second) || second === PLUS || second === MINUS) && YAML11_NUMBER.test(text);
  }
  return false;
}

/** One of the forms above, tested in full (exported for the tests that hold the first-character shortcut to it). */
export function hasYaml11Form(text: string): boolean {
  return YAML11_BOOLEAN.test(text) || YAML11_NUMBER.test(text) || YAML11_TIMESTAMP.test(text) || YAML11_NULL.test(text);
}
