// The bin's standard output and error. Written with write(2) on the descriptor while it takes the
// text (a blocking pipe or a file: what kpt, Argo CD, CI and shells give): process.stdout and
// process.stderr would load Node's net and stream modules at every start, which nothing else on
// the render path needs. A non-blocking descriptor that is full (EAGAIN) hands the rest, and all
// later text, to Node's stream, which waits until it drains. A reader that stops early
// (`| head`: EPIPE) is not our error.
import { writeSync } from 'node:fs';

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
      if (code !== 'EAGAIN') throw error;
      streaming = true;
      stream().on('error', (streamError: NodeJS.ErrnoException) => {
        if (streamError.code !== 'EPIPE') throw streamError;
      });
      stream().write(bytes.subarray(written));
    }
  };
}

export const writeStdout = descriptorWriter(1, () => process.stdout);
export const writeStderr = descriptorWriter(2, () => process.stderr);
