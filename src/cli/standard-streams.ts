// The bin's standard output and error. Written with write(2) on the descriptor while it takes the
// text (a blocking pipe or a file: what kpt, Argo CD, CI and shells give): process.stdout and
// process.stderr would load Node's net and stream modules at every start, which nothing else on
// the render path needs. A non-blocking descriptor that is full (EAGAIN) hands the rest, and all
// later text, to Node's stream, which waits until it drains. A reader that stops early
// (`| head`: EPIPE) is not our error; a descriptor that takes nothing (a full disk, one opened
// for reading) is the user's setup, not a bug: an OutputFailure, exit code 1.
import { writeSync } from 'node:fs';

/** Standard output or error did not take the text. */
export class OutputFailure extends Error {}

const NAMES = { 1: 'standard output', 2: 'standard error' };

function descriptorWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let streaming = false;
  return (text) => {
    if (streaming) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw new OutputFailure(`cannot write to ${NAMES[fd]}: ${(error as Error).message}`);
      streaming = true;
      stream().on('error', (streamError: NodeJS.ErrnoException) => {
        if (streamError.code === 'EPIPE') return;
        // Text went to the stream after the render ended: nobody is left to catch this.
        process.exitCode = 1;
        try {
          if (fd === 1) writeStderr(`networking-calico-fn: cannot write to ${NAMES[fd]}: ${streamError.message}\n`);
        } catch {
          // Standard error fails too: the exit code says it.
        }
      });
      stream().write(bytes.subarray(written));
    }
  };
}

export const writeStdout = descriptorWriter(1, () => process.stdout);
export const writeStderr = descriptorWriter(2, () => process.stderr);
