// A FIFO a test expects the code under test never to open. Opening one for reading waits for a
// writer; should the code open it after all, a writer that comes and goes after a while lets it
// go on, so the test fails on its assertions instead of hanging until ava's timeout.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

/** Makes a FIFO at `path`; returns what stops its writer, to be called once the code under test is done. */
export function fifoNobodyShouldOpen(path: string): () => void {
  execFileSync('mkfifo', [path]);
  const writer = setTimeout(() => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader: nobody opened it.
    }
  }, 3000);
  return () => clearTimeout(writer);
}
