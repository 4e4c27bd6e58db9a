import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The repository root (this file is test/architecture/support/imports.ts). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** One import (or re-export, or dynamic `import()`) of another file in `src/`. */
export interface SrcImport {
  /** Importing file, relative to the root: `src/mqtt/bridge.ts`. */
  from: string;
  /** Imported file, relative to the root: `src/sms/types.ts`. */
  to: string;
  /** `import type …` / `export type …`: erased at build, no run-time edge. */
  typeOnly: boolean;
  line: number;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** `../x.js` from `src/a/b.ts` → `src/x.ts`; a folder import → its `index.ts`. */
function resolveSpecifier(fromFile: string, spec: string): string {
  const abs = resolve(dirname(fromFile), spec);
  const rel = relative(root, abs);
  if (rel.endsWith(".js")) return `${rel.slice(0, -3)}.ts`;
  if (rel.endsWith(".ts")) return rel;
  return `${rel}/index.ts`;
}

/** Every relative import in every `.ts` file under `src/`, read with TypeScript's parser. */
export function srcImports(): SrcImport[] {
  const out: SrcImport[] = [];
  for (const file of tsFiles(join(root, "src"))) {
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const from = relative(root, file);
    const add = (spec: string, typeOnly: boolean, node: ts.Node) => {
      if (!spec.startsWith(".")) return;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      out.push({ from, to: resolveSpecifier(file, spec), typeOnly, line });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        add(node.moduleSpecifier.text, node.importClause?.isTypeOnly === true, node);
      } else if (
        ts.isExportDeclaration(node) &&
        node.moduleSpecifier !== undefined &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        add(node.moduleSpecifier.text, node.isTypeOnly, node);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] !== undefined &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        add(node.arguments[0].text, false, node);
      } else if (
        ts.isImportTypeNode(node) &&
        ts.isLiteralTypeNode(node.argument) &&
        ts.isStringLiteral(node.argument.literal)
      ) {
        add(node.argument.literal.text, true, node);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/**
 * The layer a file belongs to: its folder under `src/` (`mqtt`, `sms`, …); the shared files at
 * the top of `src/` (`errors.ts`, `log.ts`, `version.ts`) belong with `util`.
 */
export function layerOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 2) return "util";
  return parts[1] as string;
}

/** `src/mqtt/bridge.ts:12 → src/sms/service.ts`, for a readable failure. */
export const show = (i: SrcImport): string => `${i.from}:${i.line} → ${i.to}`;
