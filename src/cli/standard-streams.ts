// The bin's standard output and error. Written with write(2) on the descriptor while it takes the
// text (a blocking pipe or a file: what kpt, Argo CD, CI and shells give): process.stdout and
// process.stderr would load Node's net and stream modules at every start, which nothing else on
// the render path needs. A non-blocking descriptor that is full (EAGAIN) hands the rest, and all
// later text, to Node's stream, which waits until it drains. A reader that stops early
// (`| head`: EPIPE) is not our error; a descriptor that takes nothing (a full disk, one opened
// for reading) is the user's setup, not a bug: an OutputFailure, exit code 1.
//
// The text goes out a chunk at a time through one buffer of 64 KiB, reused: encoding it whole took
// a fresh buffer of its size (a quarter of a MiB for the bundled example's answer) and a copy of
// the text at every render, and on a machine where touching a new page costs ~12 µs that was a
// millisecond and more of a start.
import { writeSync } from 'node:fs';

/** Standard output or error did not take the text. */
export class OutputFailure extends Error {}

const NAMES = { 1: 'standard output', 2: 'standard error' };

/** Bytes of a chunk's buffer. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Where the chunk of `text` that starts at `start` ends: at most a quarter of the buffer's size in
 * UTF-16 code units, since each takes at most 3 bytes in UTF-8 (a surrogate pair 4 for two), and
 * never between the two halves of a pair, which encode only together. `chunkBytes` (a multiple of
 * 4, at least 8, so that each chunk holds a code unit or a pair) is the buffer's, but in tests.
 */
export function chunkEnd(text: string, start: number, chunkBytes = CHUNK_BYTES): number {
  const end = Math.min(text.length, start + chunkBytes / 4);
  const code = text.charCodeAt(end - 1);
  return end < text.length && code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

function descriptorWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let streaming = false;
  let chunk: Buffer | undefined;
  return (text) => {
    if (streaming) {
      stream().write(text);
      return;
    }
    chunk ??= Buffer.allocUnsafeSlow(CHUNK_BYTES);
    for (let start = 0; start < text.length; ) {
      const end = chunkEnd(text, start);
      const length = chunk.write(text.slice(start, end));
      let written = 0;
      try {
        while (written < length) written += writeSync(fd, chunk, written, length - written);
      } catch (error) {
        const { code } = error as NodeJS.ErrnoException;
        if (code === 'EPIPE') return;
        if (code !== 'EAGAIN') throw new OutputFailure(`cannot write to ${NAMES[fd]}: ${(error as Error).message}`);
        streaming = true;
        streamsInUse.add(stream());
        stream().on('error', (streamError: NodeJS.ErrnoException) => {
          if (streamError.code === 'EPIPE') return;
          // Text went to the stream after the render ended: nobody is left to catch this.
          process.exitCode = 1;
          outputLost = true;
          try {
            if (fd === 1) writeStderr(`networking-calico-fn: cannot write to ${NAMES[fd]}: ${streamError.message}\n`);
          } catch {
            // Standard error fails too: the exit code says it.
          }
        });
        // A copy: the stream writes later, and the chunk's buffer is reused.
        stream().write(Buffer.from(chunk.subarray(written, length)));
        if (end < text.length) stream().write(text.slice(end));
        return;
      }
      start = end;
    }
  };
}

/** The streams text was handed to: it may still be on its way out. */
const streamsInUse = new Set<NodeJS.WriteStream>();
/** Set when a stream failed (other than a reader that left): some text never got out. */
let outputLost = false;

/**
 * Resolves once every text written is out of the process, or can no longer go (a reader that left,
 * a stream that failed: `lost`): at once, unless a stream took some. An empty write's callback comes after every write before it
 * (or with the stream's error); 'drain' would not come when the stream never was full.
 */
export function whenWritten(): Promise<{ lost: boolean }> {
  return Promise.all([...streamsInUse].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve())))).then(() => ({ lost: outputLost }));
}

export const writeStdout = descriptorWriter(1, () => process.stdout);
export const writeStderr = descriptorWriter(2, () => process.stderr);
