// Parameters of the Argo CD config management plugin (deploy/argocd/plugin.yaml). The CMP server
// runs `generate` without a shell (our image has none), so the command reads them itself from
// ARGOCD_APP_PARAMETERS, in the application directory it runs in. They are user input from an
// Application: a path must be relative and stay inside the repository that Argo CD checked out,
// symbolic links resolved.
import { realpath } from 'node:fs/promises';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { fastParseArgoCdParameters } from '../inputs/fast-parsers.generated.js';
import { parseInput } from '../inputs/parse-input.js';
import { argoCdParametersSchema } from '../inputs/schemas.js';
import { RenderFailure } from './failure.js';

/** Parameter name to the option it sets. */
export const ARGOCD_PARAMETERS = { 'function-config': 'functionConfig', snapshot: 'snapshot' } as const;
type ParameterName = keyof typeof ARGOCD_PARAMETERS;

export type ArgoCdInputFiles = Partial<Record<(typeof ARGOCD_PARAMETERS)[ParameterName], string>>;


export async function argoCdInputFiles(env: NodeJS.ProcessEnv, applicationDir: string): Promise<ArgoCdInputFiles> {
  const text = env.ARGOCD_APP_PARAMETERS;
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RenderFailure(`ARGOCD_APP_PARAMETERS is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseInput(fastParseArgoCdParameters, argoCdParametersSchema, json);
  if (!parsed.success) throw new RenderFailure('ARGOCD_APP_PARAMETERS is not a list of {name, string|array|map} parameters');
  const repositoryRoot = repositoryRootOf(applicationDir, env.ARGOCD_APP_SOURCE_PATH);
  const files: ArgoCdInputFiles = {};
  const seen = new Set<string>();
  for (const parameter of parsed.data) {
    if (!isParameterName(parameter.name)) {
      throw new RenderFailure(`unknown plugin parameter ${JSON.stringify(parameter.name)}: this plugin takes ${Object.keys(ARGOCD_PARAMETERS).join(' and ')}`);
    }
    // Which of two values counts would be a guess; an empty second one did not unset the first.
    if (seen.has(parameter.name)) throw new RenderFailure(`plugin parameter ${parameter.name} is given twice: give it once`);
    seen.add(parameter.name);
    if (parameter.string === undefined) throw new RenderFailure(`plugin parameter ${parameter.name} must be a string (a path)`);
    if (parameter.string.includes('\0')) throw new RenderFailure(`plugin parameter ${parameter.name}: ${JSON.stringify(parameter.string)} holds a NUL character, which no path does`);
    if (parameter.string === '') continue;
    files[ARGOCD_PARAMETERS[parameter.name]] = await pathInside(repositoryRoot, applicationDir, parameter.name, parameter.string, repositoryWhy(repositoryRoot, env.ARGOCD_APP_SOURCE_PATH));
  }
  return files;
}

function isParameterName(name: string): name is ParameterName {
  return Object.hasOwn(ARGOCD_PARAMETERS, name);
}

/** The CMP server runs the command in <checkout>/<ARGOCD_APP_SOURCE_PATH>. */
function repositoryRootOf(applicationDir: string, sourcePath: string | undefined): string {
  const path = normalize(sourcePath ?? '.');
  if (path === '.' || isAbsolute(path) || path.startsWith('..')) return resolve(applicationDir);
  return resolve(applicationDir, ...path.split(/[\\/]+/).filter(Boolean).map(() => '..'));
}

/** Where the repository was taken to be, and from what: run by hand, the CMP server's variable is often missing. */
function repositoryWhy(repositoryRoot: string, sourcePath: string | undefined): string {
  return sourcePath
    ? `the repository is ${repositoryRoot}, above ARGOCD_APP_SOURCE_PATH ${sourcePath}`
    : `ARGOCD_APP_SOURCE_PATH is not set, so the repository is taken to be ${repositoryRoot}, the application directory; the CMP server sets it`;
}

/** Returns `value` (relative to the application directory) once it is known to stay inside the repository. */
async function pathInside(repositoryRoot: string, applicationDir: string, name: string, value: string, why: string): Promise<string> {
  const outside = new RenderFailure(`plugin parameter ${name}: ${JSON.stringify(value)} must be a relative path inside the repository (${why})`);
  if (isAbsolute(value)) throw outside;
  const path = resolve(applicationDir, value);
  const [realRoot, realPath] = await Promise.all([realpath(repositoryRoot), realpath(path).catch(() => path)]);
  const rest = relative(realRoot, realPath);
  if (rest === '..' || rest.startsWith(`..${sep}`) || isAbsolute(rest)) throw outside;
  return value;
}
