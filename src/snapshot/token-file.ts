// kubectl's kubeconfig names the file holding a user's bearer token `tokenFile` (relative to the
// kubeconfig's own directory). The client library reads only `token-file`, so without this the
// requests went out with no token at all: answered 401 with a hint at expired credentials, or let
// through as the anonymous user. So the command reads the file itself, as kubectl does.
import type { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { isRecord } from '../plain-data.js';
import { SnapshotFailure } from './failure.js';

/**
 * Gives the current user the token of its `tokenFile`, when it has no token of its own.
 * `files`: the kubeconfig files loaded, in kubectl's order (the first that names the user holds it).
 */
export function readTokenFile(kubeConfig: KubeConfig, files: readonly string[]): void {
  const user = kubeConfig.getCurrentUser();
  if (!user || user.token || user.exec || user.authProvider) return;
  for (const file of files) {
    const entry = userEntry(file, user.name);
    if (entry === undefined) continue;
    const tokenFile = entry.tokenFile;
    if (typeof tokenFile !== 'string' || tokenFile === '') return;
    const path = resolve(dirname(file), tokenFile);
    let token: string;
    try {
      token = readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new SnapshotFailure(`cannot read the tokenFile ${path} of kubeconfig user ${user.name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    // As client-go: an empty file is a mistake, not a request without credentials.
    if (token === '') throw new SnapshotFailure(`the tokenFile ${path} of kubeconfig user ${user.name} is empty`);
    kubeConfig.users = kubeConfig.users.map((known) => (known === user ? { ...known, token } : known));
    return;
  }
}

/** The `user` map of the entry named `name` in the kubeconfig `file`, if it has one. */
function userEntry(file: string, name: string): Record<string, unknown> | undefined {
  let config: unknown;
  try {
    config = parse(readFileSync(file, 'utf8'));
  } catch {
    // The library read it (with a YAML reader of its own): what it took stands.
    return undefined;
  }
  const users = isRecord(config) && Array.isArray(config.users) ? config.users : [];
  const entry: unknown = users.find((candidate) => isRecord(candidate) && candidate.name === name);
  return isRecord(entry) && isRecord(entry.user) ? entry.user : undefined;
}
