// What the bin loads with a V8 code cache (load-core.ts): the KRM function and the render command,
// everything a render runs. Built as one CommonJS file (dist/core.cjs), since Node 20 takes a code
// cache only for scripts, not for ES modules. Loading it runs no render: the bin calls these.
import { readSync } from 'node:fs';
import { processResourceList } from '../krm/process.js';
import { MAX_INPUT_BYTES } from '../krm/resource-list.js';
import type { CommandIo } from '../cli/command.js';
import type { RenderCommandIo } from '../render/command.js';

/** The render command; its own modules (node:fs/promises, node:util's parseArgs, ...) load only when it runs. */
export async function runRenderCommand(argv: string[], io: RenderCommandIo): Promise<number> {
  const command = await import('../render/command.js');
  return command.runRenderCommand(argv, io);
}

/** The KRM function on a ResourceList text (what write-code-cache.ts warms the cache with). */
export { processResourceList };

/** The KRM function: a ResourceList on stdin, one on stdout, exit code 1 on an error result. */
export async function runKrmFunction(io: CommandIo): Promise<number> {
  const outcome = processResourceList(await readStdin());
  if (outcome.stderr) io.stderr(`networking-calico-fn: ${outcome.stderr}\n`);
  if (outcome.stdout) io.stdout(outcome.stdout);
  return outcome.exitCode;
}

const CHUNK_BYTES = 1 << 16;

/**
 * Reads stdin, but stops one chunk past the input limit: a stream that never ends must not run
 * the process out of memory; parseResourceList then refuses oversized input with its message, and
 * input too large for the heap before it is decoded (the text alone may not fit).
 * Read synchronously (what kpt and the shells give is a blocking pipe or file): Node's stream
 * machinery costs start-up time (about 5 ms of CPU a render here). A non-blocking stdin (EAGAIN)
 * is read on as a stream.
 */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  /** Keeps a chunk; false once the input is past the limit. */
  const keep = (chunk: Buffer) => {
    chunks.push(chunk);
    bytes += chunk.length;
    return bytes <= MAX_INPUT_BYTES;
  };
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(0, chunk, 0, CHUNK_BYTES, null);
      if (read === 0 || !keep(chunk.subarray(0, read))) break;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    for await (const chunk of process.stdin) {
      if (!keep(chunk as Buffer)) {
        process.stdin.destroy();
        break;
      }
    }
  }
  return Buffer.concat(chunks);
}
