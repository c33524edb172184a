// `cluster-conformance repro <test name or requirement ID> [--target T] [--out DIR]`
// and `repro --all [--target T] [--out DIR]`: writes reproduction scripts
// (generate.ts). Exit code 0 when written; 2 for a usage error or a test that
// cannot be made into a script, with one line on stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { kindOf } from '../targets/registry.js';
import { type CatalogueTest, catalogueTests } from './catalogue_tests.js';
import { generateRepro, SCRIPT_NODE, scriptRuntime, selectTests, whyNotReproducible } from './generate.js';

export const REPRO_USAGE =
  'usage: cluster-conformance repro <test name or requirement ID> [--target T] ' +
  '[--out DIR], or repro --all [--target T] [--out DIR]';

interface ReproArgs {
  query?: string;
  all: boolean;
  target: string;
  out: string;
}

function parse(args: string[]): ReproArgs | string {
  const parsed: ReproArgs = { all: false, target: process.env.CLUSTER_TARGET || 'node', out: 'repro' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? (arg.split(/=(.*)/s) as [string, string]) : [arg, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--target' || flag === '--out') {
      const given = value();
      if (given === undefined) return `${flag} needs a value`;
      if (flag === '--target') parsed.target = given;
      else parsed.out = given;
    } else if (flag === '--all') {
      parsed.all = true;
    } else if (arg.startsWith('-')) {
      return `unknown argument ${arg}`;
    } else if (parsed.query === undefined) {
      parsed.query = arg;
    } else {
      return 'name one test or one requirement ID (quote a test name)';
    }
  }
  if (parsed.all === (parsed.query !== undefined)) return 'name a test or a requirement ID, or --all';
  return parsed;
}

/** How many of the catalogue's tests can be made into scripts, and why the others cannot. */
export function reproducibility(tests: CatalogueTest[]): {
  reproducible: number;
  not: { name: string; why: string }[];
} {
  const not = tests.flatMap((test) => {
    const why = whyNotReproducible([test], tests);
    return why ? [{ name: test.name, why }] : [];
  });
  return { reproducible: tests.length - not.length, not };
}

function closingNote(tests: CatalogueTest[]): string {
  const { reproducible, not } = reproducibility(tests);
  return `${reproducible} of ${tests.length} catalogue tests can be made into scripts${not.length > 0 ? ` (not: ${not.map((n) => n.name).join('; ')})` : ''}\n`;
}

export async function reproCommand(args: string[], fail: (message: string) => never): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') fail(`${parsed}\n${REPRO_USAGE}`);
  const { target, out } = parsed;
  if (kindOf(target) === undefined) fail(`unknown target "${target}" (see --help)`);
  if (scriptRuntime(target) === undefined) {
    fail(
      `repro: a script runs on the runtime that runs it, Node ${SCRIPT_NODE.split('.')[0]} or newer, ` +
        `Bun or Deno; --target ${target} is not one (use node, node@<version>, bun, deno or a reference ` +
        `target)`,
    );
  }
  const tests = await catalogueTests();
  mkdirSync(out, { recursive: true });
  const command = scriptRuntime(target)!.command;
  if (parsed.all) {
    let written = 0;
    for (const test of tests) {
      if (whyNotReproducible([test], tests)) continue;
      const repro = await generateRepro([test], tests, target);
      writeFileSync(path.join(out, repro.fileName), repro.text, { mode: 0o755 });
      written++;
    }
    process.stdout.write(
      `wrote ${written} scripts to ${out}${path.sep}, one a test (run one: ${command} ${path.join(out, 'repro-<...>.cjs')})\n`,
    );
    process.stdout.write(closingNote(tests));
    return 0;
  }
  const selected = selectTests(tests, parsed.query!);
  if (typeof selected === 'string') fail(`repro: ${selected}`);
  const why = whyNotReproducible(selected, tests);
  if (why)
    fail(
      `repro: ${selected.length === 1 ? JSON.stringify(selected[0]!.name) : parsed.query} cannot be made into a script: ${why}`,
    );
  let repro: Awaited<ReturnType<typeof generateRepro>>;
  try {
    repro = await generateRepro(selected, tests, target);
  } catch (error) {
    fail(`repro: ${(error as Error).message}`);
  }
  const file = path.join(out, repro.fileName);
  writeFileSync(file, repro.text, { mode: 0o755 });
  const files = [...new Set(selected.map((test) => test.file.file))].join(', ');
  process.stdout.write(
    `wrote ${file}: ${selected.length} test${selected.length === 1 ? '' : 's'} (${files}), ${Math.round(repro.text.length / 1024)} KB\n`,
  );
  process.stdout.write(`run it: ${command} ${file}\n`);
  process.stdout.write(closingNote(tests));
  return 0;
}
