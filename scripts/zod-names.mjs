// What of zod/mini the core's sources use, read off their syntax (scripts/build.mjs bundles only
// that into dist/zod.cjs; test/integrations/zod-names.test.ts).
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * The zod/mini exports `files` use as values: imported by name, or read off the module's namespace
 * (`z.name`, but not in a type such as `z.infer<...>`). Any other use of the namespace is an error.
 */
export function zodNamesUsedBy(files) {
  const names = new Set();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const namespaces = new Set();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || statement.moduleSpecifier.text !== 'zod/mini' || statement.importClause?.isTypeOnly) continue;
      const { name: defaultImport, namedBindings } = statement.importClause ?? {};
      if (defaultImport) throw new Error(`${file}: a default import of zod/mini`);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) namespaces.add(namedBindings.name.text);
      for (const element of namedBindings && ts.isNamedImports(namedBindings) ? namedBindings.elements : []) {
        if (!element.isTypeOnly) names.add((element.propertyName ?? element.name).text);
      }
    }
    const visit = (node) => {
      if (ts.isIdentifier(node) && namespaces.has(node.text)) {
        const { parent } = node;
        if (ts.isPropertyAccessExpression(parent) && parent.expression === node) names.add(parent.name.text);
        else if (!(ts.isQualifiedName(parent) && parent.left === node) && !ts.isNamespaceImport(parent)) {
          throw new Error(`${file}: zod is used other than as ${node.text}.name, so the build cannot tell what it uses`);
        }
      }
      ts.forEachChild(node, visit);
    };
    if (namespaces.size > 0) visit(source);
  }
  return names;
}
