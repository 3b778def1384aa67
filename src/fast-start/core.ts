// What the bin loads with a V8 code cache (load-core.ts): the KRM function and the render command,
// everything a render runs. Built as one CommonJS file (dist/core.cjs), since Node 20 takes a code
// cache only for scripts, not for ES modules. Loading it runs no render: the bin calls these.
import { readSync } from 'node:fs';
import { processResourceList } from '../krm/process.js';
import { MAX_INPUT_BYTES } from '../krm/resource-list.js';
import type { RenderCommandIo } from '../render/command.js';

/** The render command; its own modules (node:fs/promises, node:crypto, ...) load only when it runs. */
export async function runRenderCommand(argv: string[], io: RenderCommandIo): Promise<number> {
  const command = await import('../render/command.js');
  return command.runRenderCommand(argv, io);
}

/** The KRM function on a ResourceList text (what write-code-cache.ts warms the cache with). */
export { processResourceList };

export interface KrmIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The KRM function: a ResourceList on stdin, one on stdout, exit code 1 on an error result. */
export async function runKrmFunction(io: KrmIo): Promise<number> {
  const outcome = processResourceList(await readStdin());
  if (outcome.stderr) io.stderr(`networking-calico-fn: ${outcome.stderr}\n`);
  if (outcome.stdout) io.stdout(outcome.stdout);
  return outcome.exitCode;
}

const CHUNK_BYTES = 1 << 16;

/**
 * Reads stdin, but stops one chunk past the input limit: a stream that never ends must not run
 * the process out of memory; parseResourceList then refuses the oversized text with its message.
 * Read synchronously (what kpt and the shells give is a blocking pipe or file): Node's stream
 * machinery costs start-up time. A non-blocking stdin (EAGAIN) is read as a stream instead.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(0, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      bytes += read;
      if (bytes > MAX_INPUT_BYTES) return Buffer.concat(chunks).toString('utf8');
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    return readStdinStream(chunks, bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readStdinStream(chunks: Buffer[], bytes: number): Promise<string> {
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    if (bytes > MAX_INPUT_BYTES) {
      process.stdin.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
