// Start-up is most of a render (BENCHMARKS.md), and most of our part of it is V8 compiling the
// bundle. So the code a render runs (core.ts) is built as a script, dist/core.cjs, with a V8 code
// cache next to it, dist/core.cache, written at build time by the Node that installs it
// (write-code-cache.ts). V8 takes the cache only from the very V8 version and flags that wrote it;
// anywhere else (another Node, a flag such as --stack-size) it rejects it and compiles the source
// as usual: the same code runs, so the output is the same, only the start is slower. The notice
// that says so is printed only when NETWORKING_CALICO_FN_DEBUG is set.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as CoreModule from './core.js';

export type Core = typeof CoreModule;

/** Where the bundle keeps the core and its cache, next to the bin. */
export const CORE_FILE = 'core.cjs';
export const CODE_CACHE_FILE = 'core.cache';
export const DEBUG_VARIABLE = 'NETWORKING_CALICO_FN_DEBUG';

export interface CompiledCore {
  script: Script;
  /** Runs the core's top level (defines its functions, builds its schemas) and returns its exports. */
  evaluate: () => Core;
}

/** Compiles dist/core.cjs as Node would a CommonJS module, with the code cache when one is given. */
export function compileCore(coreFile: string, cachedData?: Buffer): CompiledCore {
  // The wrapper is part of the cached source: the writer and the loader share this one. The
  // build writes the core in ASCII (scripts/build.mjs checks), so latin1 reads the same text as
  // UTF-8 would, without decoding: about 0.4 ms less of every start.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(coreFile, 'latin1')}\n})`;
  const script = new Script(source, { filename: coreFile, cachedData });
  return {
    script,
    evaluate: () => {
      const module = { exports: {} as Core };
      script.runInThisContext()(module.exports, createRequire(coreFile), module, coreFile, dirname(coreFile));
      return module.exports;
    },
  };
}

/** The core next to `binDirectory`, through its code cache when V8 takes it; `stderr` gets the debug notice. */
export function loadCore(binDirectory: string, stderr: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Core {
  const coreFile = join(binDirectory, CORE_FILE);
  const cacheFile = join(binDirectory, CODE_CACHE_FILE);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const compiled = compileCore(coreFile, cachedData);
  if (env[DEBUG_VARIABLE]) {
    const state = cachedData === undefined ? `${cacheFile} is missing` : compiled.script.cachedDataRejected ? `V8 rejected ${cacheFile} (written by another Node or with other V8 flags than node ${process.version} ${process.execArgv.join(' ')})` : undefined;
    stderr(state ? `networking-calico-fn: notice: ${state}; compiling ${coreFile} instead, the same code, only a slower start\n` : `networking-calico-fn: notice: code cache ${cacheFile} used\n`);
  }
  return compiled.evaluate();
}
