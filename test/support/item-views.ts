// An item "comes back as it came" when every reader sees the same thing in it: the YAML 1.2 core
// schema (what the function reads), YAML 1.1 (what kubectl and kyaml read: yes, on, 0755, dates),
// and the failsafe schema, where every scalar is the string it was written as (1.20 stays "1.20",
// never 1.2). Comparing the three views catches a lost annotation, a changed value, and a value
// that kept its meaning in one reader but not in another.
import { parse, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

export interface ItemViews {
  core: unknown[];
  yaml11: unknown[];
  failsafe: unknown[];
}

export function itemViews(resourceList: string): ItemViews {
  const items = (options: ParseOptions & DocumentOptions & SchemaOptions) => ((parse(resourceList, options) as { items?: unknown[] | null }).items ?? []);
  return {
    core: items({ schema: 'core' }),
    yaml11: items({ version: '1.1' }),
    failsafe: items({ schema: 'failsafe' }),
  };
}

/** The three views of the items named `name` (metadata.name, or `marker` on items without one), in order. */
export function viewsOfItem(views: ItemViews, name: string): ItemViews {
  const named = (item: unknown) => {
    const object = item as { metadata?: { name?: unknown }; marker?: unknown } | null;
    return object?.metadata?.name === name || object?.marker === name;
  };
  // Views list the same items in the same order, so one index set serves all three.
  const indexes = views.failsafe.flatMap((item, index) => (named(item) ? [index] : []));
  const pick = (list: unknown[]) => indexes.map((index) => list[index]);
  return { core: pick(views.core), yaml11: pick(views.yaml11), failsafe: pick(views.failsafe) };
}
