// Start-up is most of a render (BENCHMARKS.md), and most of our part of it is V8 compiling the
// bundle. So the code a render runs (core.ts) is built as a script, dist/core.cjs, with V8 code
// caches next to it, written at build time by the Node that installs it (write-code-cache.ts): one
// for each command, warmed by what it runs (dist/core.cache for the KRM function,
// dist/core.render.cache for `render`). V8 takes a cache only from the very V8 version and flags
// that wrote it; anywhere else (another Node, a flag such as --stack-size) it rejects it and
// compiles the source as usual: the same code runs, so the output is the same, only the start is
// slower. The notice that says so, for each script compiled, is printed only when
// NETWORKING_CALICO_FN_DEBUG is set.
//
// Two packages are scripts of their own, each with its cache, loaded the same way but only when
// first used; a default render uses neither:
// - yaml (dist/yaml.cjs, dist/yaml.cache): our block reader and printer (krm/) read and write the
//   example's text; it was a third of the core, which every start read, compiled from its cache
//   and evaluated;
// - zod (dist/zod.cjs, dist/zod.cache): the parsers generated from our schemas take valid input
//   (inputs/fast-parsers-source.ts); zod judges the rest, and reads a snapshot. Its evaluation
//   was about 0.3 ms of every start.
// The core is built with both external, so it asks for each with require() when its modules are
// evaluated and reads the exports' properties only when it calls them; it is given a stand-in
// whose first property read loads the script (`onFirstRead`).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { builtOnFirstUse } from '../built-on-first-use.js';
import { installDamaged } from '../install-damaged.js';
import type * as CoreModule from './core.js';

export type Core = typeof CoreModule;

/** The bundle's scripts, next to the bin. */
export const CORE_FILE = 'core.cjs';
export const YAML_FILE = 'yaml.cjs';
export const ZOD_FILE = 'zod.cjs';
export type BundleScript = typeof CORE_FILE | typeof YAML_FILE | typeof ZOD_FILE;
/** The packages the core loads at their first use (the module name it asks for), and their scripts. */
export const PACKAGE_SCRIPTS: Readonly<Record<string, typeof YAML_FILE | typeof ZOD_FILE>> = { yaml: YAML_FILE, 'zod/mini': ZOD_FILE };
export const DEBUG_VARIABLE = 'NETWORKING_CALICO_FN_DEBUG';

/**
 * How the build writes each script (scripts/build.mjs): as the function Node wraps a CommonJS
 * module in, so that its text is compiled as it is read.
 */
export const SCRIPT_HEAD = '(function (exports, require, module, __filename, __dirname) {';
export const SCRIPT_TAIL = '\n})';

/** What a start runs: the KRM function, or the render command. */
export type Command = 'function' | 'render';

/**
 * The code cache of the bundle's `script` in `directory`, for a start that runs `command`: the
 * core has one warmed for each command (write-code-cache.ts says why), each package one for both.
 */
export function codeCacheFile(directory: string, script: BundleScript, command: Command): string {
  if (script !== CORE_FILE) return join(directory, script.replace(/\.cjs$/, '.cache'));
  return join(directory, command === 'render' ? 'core.render.cache' : 'core.cache');
}

/** A script of the bundle as compiled, with the code cache it was given, if any. */
export interface CompiledScript {
  script: BundleScript;
  compiled: Script;
  cachedData: Buffer | undefined;
}

/** Where a start gets the code caches, and whom it tells of each script it compiled. */
export interface CodeCaches {
  /** The cache for the bundle's `script`, or undefined when there is none to give. */
  read: (script: BundleScript) => Buffer | undefined;
  /** Called for each script once compiled: the core at the start, a package's at its first use. */
  compiled: (compiled: CompiledScript) => void;
}

/**
 * Compiles and evaluates the bundle's `script` in `directory` as Node would a CommonJS module,
 * with its code cache when `caches` has one, and returns its exports.
 */
function runScript(directory: string, script: BundleScript, caches: CodeCaches, require: (id: string) => unknown): unknown {
  const file = join(directory, script);
  // The build writes each script as the function Node wraps a CommonJS module in, and in ASCII
  // (scripts/build.mjs): its text is compiled as it is read, and latin1 reads the same text as
  // UTF-8 would, without decoding (about 0.4 ms less of every start). A wrapper added here made
  // V8 copy the whole text into one string again before compiling it.
  const source = readScript(file);
  // Anything else (the previous version's unwrapped script, a file blanked to its length) must not
  // run: its own code would fail in ways that name nothing.
  if (!source.startsWith(SCRIPT_HEAD) || !source.endsWith(SCRIPT_TAIL)) throw installDamaged(file, 'is not the function the build wrote');
  const cachedData = caches.read(script);
  let compiled: Script;
  try {
    compiled = new Script(source, { filename: file, cachedData });
  } catch (error) {
    // Only a syntax error says the text is not what the build wrote (not, say, a stack overflow).
    if (!(error instanceof SyntaxError)) throw error;
    throw installDamaged(file, `does not compile (${error.message})`);
  }
  caches.compiled({ script, compiled, cachedData });
  const wrapped: unknown = compiled.runInThisContext();
  // Its first and last characters as written do not make the whole one function expression.
  if (typeof wrapped !== 'function') throw installDamaged(file, 'is not the function the build wrote');
  const module = { exports: {} };
  (wrapped as (...args: unknown[]) => void)(module.exports, require, module, file, directory);
  // Each of the bundle's scripts exports something: one that exports nothing is empty or cut short.
  if (Object.keys(module.exports).length === 0) throw installDamaged(file, 'exports nothing');
  return module.exports;
}

/** A script's text; a script that is not there (a package's is read at its first use) was lost from the install. */
function readScript(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw installDamaged(file, 'is missing');
    throw error;
  }
}

/**
 * An object standing for `load()`'s exports: its first property read loads them and copies them
 * onto the object read, so that every later read is of its own property (not through the Proxy,
 * which would cost each of the many calls `render DIR` makes into the yaml package). That object
 * is the stand-in, or the one esbuild's `__toESM` makes from it for `import * as z` (whose
 * prototype is the Proxy too): both get the exports.
 */
function onFirstRead(load: () => object): object {
  const exports = builtOnFirstUse(load);
  const standIn: object = Object.create(
    new Proxy({}, {
      get(_target, key, receiver: object) {
        const loaded = exports();
        for (const target of new Set([standIn, receiver])) {
          for (const [name, value] of Object.entries(loaded)) {
            if (!Object.hasOwn(target, name)) Object.defineProperty(target, name, { value, enumerable: true });
          }
        }
        return (loaded as Record<string | symbol, unknown>)[key];
      },
    }),
  );
  return standIn;
}

/** The core in `directory`, its modules evaluated; each package's script is loaded when the core first uses it. */
export function startCore(directory: string, caches: CodeCaches): Core {
  const nodeRequire = createRequire(join(directory, CORE_FILE));
  const standIns = new Map(Object.entries(PACKAGE_SCRIPTS).map(([id, script]) => [id, onFirstRead(() => runScript(directory, script, caches, nodeRequire) as object)]));
  return runScript(directory, CORE_FILE, caches, (id) => standIns.get(id) ?? nodeRequire(id)) as Core;
}

/** The core next to `binDirectory`, through the code caches for `command` V8 takes; `stderr` gets the debug notices. */
export function loadCore(binDirectory: string, command: Command, stderr: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Core {
  const debug = Boolean(env[DEBUG_VARIABLE]);
  const cacheFile = (script: BundleScript): string => codeCacheFile(binDirectory, script, command);
  return startCore(binDirectory, {
    read: (script) => {
      try {
        return readFileSync(cacheFile(script));
      } catch {
        return undefined;
      }
    },
    compiled: debug ? ({ script, compiled, cachedData }) => stderr(notice(join(binDirectory, script), cacheFile(script), cachedData === undefined ? 'missing' : compiled.cachedDataRejected ? 'rejected' : 'used')) : () => undefined,
  });
}

/** What NETWORKING_CALICO_FN_DEBUG prints for each script compiled. */
function notice(file: string, cacheFile: string, cache: 'used' | 'missing' | 'rejected'): string {
  if (cache === 'used') return `networking-calico-fn: notice: code cache ${cacheFile} used\n`;
  const state = cache === 'missing' ? `${cacheFile} is missing` : `V8 rejected ${cacheFile} (written by another Node or with other V8 flags than ${['node', process.version, ...process.execArgv].join(' ')})`;
  return `networking-calico-fn: notice: ${state}; compiling ${file} instead, the same code, only a slower start\n`;
}
