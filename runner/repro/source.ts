// A compiled conformance test file (dist/conformance/*.test.js, tsc's
// output: types gone, comments and layout kept) as its top-level statements,
// so that a reproduction can keep the one test it needs, the helpers that
// test uses, and the imports those use. tsc writes every top-level statement
// from column 0 and indents what is inside; a line that starts at column 0
// with a closing bracket continues the statement before it.
import { builtinModules } from 'node:module';

export interface Statement {
  /** The comment lines just above it (JSDoc, //). */
  comments: string[];
  code: string;
  /** The names it declares at the top level: `function f`, `const { a, b } =`, `class C`. */
  declares: string[];
}

export interface ImportBinding {
  /** The name in the module (`default` for a default import, `*` for a namespace). */
  imported: string;
  local: string;
}

export interface ImportStatement {
  /** As written. */
  code: string;
  specifier: string;
  bindings: ImportBinding[];
}

export interface TestFileSource {
  imports: ImportStatement[];
  /** Every other top-level statement, in order. */
  statements: Statement[];
}

const COMMENT_START = /^(\/\/|\/\*)/;
const CONTINUATION = /^[\s})\].,:?&|+*-]/;

function declaredNames(code: string): string[] {
  const head =
    /^(?:export\s+)?(?:async\s+)?(?:function\*?\s+([\w$]+)|class\s+([\w$]+)|(?:const|let|var)\s+([\s\S]*?)\s*=)/.exec(
      code,
    );
  if (!head) return [];
  if (head[1] || head[2]) return [head[1] ?? head[2]!];
  const pattern = head[3]!;
  if (/^[\w$]+$/.test(pattern)) return [pattern];
  // A destructuring pattern: the names bound (the last name of each `key: name` pair, defaults dropped).
  return [...pattern.replace(/=[^,}\]]*/g, '').matchAll(/(?:^|[{[,:\s])([A-Za-z_$][\w$]*)\s*(?=[,}\]]|$)/g)].map(
    (m) => m[1]!,
  );
}

function parseImport(code: string): ImportStatement {
  const flat = code.replace(/\s+/g, ' ').trim();
  const bare = /^import ['"]([^'"]+)['"];?$/.exec(flat);
  if (bare) return { code, specifier: bare[1]!, bindings: [] };
  const match = /^import (.+?) from ['"]([^'"]+)['"];?$/.exec(flat);
  if (!match) throw new Error(`cannot read the import ${flat}`);
  const bindings: ImportBinding[] = [];
  let clause = match[1]!.trim();
  const namespace = /^(?:([\w$]+)\s*,\s*)?\*\s+as\s+([\w$]+)$/.exec(clause);
  if (namespace) {
    if (namespace[1]) bindings.push({ imported: 'default', local: namespace[1] });
    bindings.push({ imported: '*', local: namespace[2]! });
    return { code, specifier: match[2]!, bindings };
  }
  const defaultName = /^([\w$]+)\s*(?:,|$)/.exec(clause);
  if (defaultName) {
    bindings.push({ imported: 'default', local: defaultName[1]! });
    clause = clause.slice(defaultName[0].length).trim();
  }
  const named = /^\{(.*)\}$/.exec(clause);
  if (named) {
    for (const part of named[1]!
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (part.startsWith('type ')) continue;
      const [imported, local] = part.split(/\s+as\s+/) as [string, string?];
      bindings.push({ imported, local: local ?? imported });
    }
  } else if (clause) {
    throw new Error(`cannot read the import ${flat}`);
  }
  return { code, specifier: match[2]!, bindings };
}

/** Splits tsc's output of a test file into its imports and top-level statements. */
export function splitTestFile(text: string): TestFileSource {
  const imports: ImportStatement[] = [];
  const statements: Statement[] = [];
  let comments: string[] = [];
  let code: string[] = [];
  let inComment = false;
  const flush = () => {
    if (code.length === 0) return;
    const joined = code.join('\n').replace(/\s+$/, '');
    if (/^import[\s{'"*]/.test(joined)) imports.push(parseImport(joined));
    else statements.push({ comments, code: joined, declares: declaredNames(joined) });
    comments = [];
    code = [];
  };
  for (const line of text.split('\n')) {
    if (/^\/\/# sourceMappingURL=/.test(line)) continue;
    if (inComment) {
      (code.length > 0 ? code : comments).push(line);
      if (line.includes('*/')) inComment = false;
      continue;
    }
    if (COMMENT_START.test(line)) {
      flush();
      comments.push(line);
      if (line.startsWith('/*') && !line.includes('*/')) inComment = true;
      continue;
    }
    if (line.trim() === '') {
      if (code.length > 0) code.push(line);
      continue;
    }
    if (!CONTINUATION.test(line)) flush();
    if (code.length === 0 && CONTINUATION.test(line)) {
      throw new Error(`a top-level statement cannot start with: ${line}`);
    }
    code.push(line);
  }
  flush();
  // The file's own header comment (above its imports) is not a statement's.
  return { imports, statements };
}

export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** Whether `name` is used in `code` as an identifier (not as a property name after a dot). */
export function mentions(code: string, name: string): boolean {
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])|\\.\\.\\.${escaped}(?![\\w$])`).test(code);
}
