// One ResourceList text in, one out: the whole function behind the KRM boundary, shared by the
// bin and the tests so both run exactly the same path.
import { runFunction, type FunctionOptions } from '../fn.js';
import { MalformedInputError, parseResourceList, SpliceConflict, writeResourceList, writeUnchanged } from './resource-list.js';

export interface ProcessOutcome {
  /** The ResourceList to print; absent when the input was not a ResourceList at all. */
  stdout?: string;
  /** A message for stderr when there is no ResourceList to answer with. */
  stderr?: string;
  exitCode: 0 | 1;
}

export function processResourceList(text: string | Buffer, options: FunctionOptions = { now: new Date() }): ProcessOutcome {
  let input;
  try {
    input = parseResourceList(text);
  } catch (error) {
    if (error instanceof MalformedInputError) return { stderr: error.message, exitCode: 1 };
    throw error;
  }
  const outcome = runFunction(input, options);
  const failed = outcome.results.some((result) => result.severity === 'error');
  if (failed || !outcome.edits) return { stdout: writeUnchanged(input, outcome.results), exitCode: 1 };
  try {
    return { stdout: writeResourceList(input, outcome.edits, outcome.results), exitCode: 0 };
  } catch (error) {
    if (!(error instanceof SpliceConflict)) throw error;
    return { stdout: writeUnchanged(input, [{ severity: 'error', message: error.message }]), exitCode: 1 };
  }
}
