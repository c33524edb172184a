// Every known failure of Bun and Deno, as a reproduction script: the script
// fails on that runtime with the recorded reason (the entry's message, or the
// failure line --update-expectations put in its reason, in the script's
// output), and the same script passes on Node and on the reference. The
// vitest project `repro` (npm run test:repro): it runs a few hundred scripts,
// two at a time.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REFERENCE_ENTRY } from '../../conformance/harness/paths.js';
import { type ExpectationEntry, expectedMessages, loadExpectations } from '../results/expectations.js';
import { REFERENCE_CLAIMS_NODE } from '../targets/kinds/reference.js';
import { RUNTIMES, runtimeRelease } from '../targets/runtimes.js';
import { catalogueTests } from './catalogue_tests.js';
import { generateRepro, whyNotReproducible } from './generate.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'repro-expectations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const catalogue = await catalogueTests();
const SCRIPT_TIMEOUT_MS = 60_000;

interface Ran {
  code: number | null;
  output: string;
}

function runScript(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: work,
        env: { ...process.env, ...env },
        timeout: SCRIPT_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 8 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: stdout + stderr }),
    );
  });
}

/** On this Node, or, where the test does not apply to it (exit 3: a Node range, reusePort), on the newest Node 26 of the cache. */
let node26: string | undefined;
async function onNode(file: string, env: NodeJS.ProcessEnv = {}): Promise<Ran & { node: string }> {
  const here = await runScript(process.execPath, [file], env);
  if (here.code !== 3) return { ...here, node: process.versions.node };
  node26 ??= runtimeRelease('node', 'node@26').binary;
  return { ...(await runScript(node26, [file], env)), node: '26' };
}

/** The texts the script's output must contain one of: the entry's messages, or the failure line its reason was made from. */
function expectedText(entry: ExpectationEntry): { texts: string[]; normalized: boolean } | undefined {
  const messages = expectedMessages(entry);
  if (messages !== undefined) return { texts: messages, normalized: false };
  const generated = /^fails on \S+ \S+: (.*)$/s.exec(entry.reason);
  return generated ? { texts: [generated[1]!], normalized: true } : undefined;
}

/** Whether `output` contains one of `texts`. */
function containsOne(output: string, texts: string[]): boolean {
  return texts.some((text) => output.includes(text));
}

/** As --update-expectations writes a reason: numbers of three digits or more (ports, pids) as N. */
function normalize(output: string): string {
  return output.replace(/\d{3,}/g, 'N');
}

for (const target of ['bun', 'deno'] as const) {
  const entries = Object.entries(loadExpectations(target).entries);
  describe(`${target}: every expected failure`, () => {
    let binary: string | undefined;
    const command = () => {
      binary ??= runtimeRelease(target, target).binary;
      return [binary, ...RUNTIMES[target].commandArgs];
    };

    test('has a reason the script can be held to', () => {
      const without = entries
        .filter(([, entry]) => entry.status === 'fail' && expectedText(entry) === undefined)
        .map(([name]) => name);
      expect(without, 'fail entries with a hand-written reason need a message').toEqual([]);
    });

    const byName = new Map(entries);
    test.concurrent.for([...byName.keys()])(
      '%s',
      { timeout: 3 * SCRIPT_TIMEOUT_MS + 10_000 },
      async (name, context) => {
        const entry = byName.get(name)!;
        const test = catalogue.find((t) => t.name === name);
        expect(test, `the test expectations/${target}.json names`).toBeDefined();
        // A test whose case program needs npm packages (the ECO libraries) runs in the suite only.
        const why = whyNotReproducible([test!], catalogue);
        if (why !== undefined) {
          expect(why).toMatch(/, which a script cannot carry$/);
          context.skip(why);
          return;
        }
        const repro = await generateRepro([test!], catalogue, target);
        const file = path.join(work, `${target}-${repro.fileName}`);
        writeFileSync(file, repro.text);

        const [runtime, ...args] = command();
        const there = await runScript(runtime!, [...args, file]);
        const wanted = expectedText(entry);
        if (entry.status === 'fail') {
          expect(there.code, `${target} ${file}\n${there.output}`).toBe(1);
          const output = wanted!.normalized ? normalize(there.output) : there.output;
          expect(
            containsOne(output, wanted!.texts),
            `${target} ${file}: one of ${wanted!.texts.join(' | ')}\n${output}`,
          ).toBe(true);
        } else {
          // Flaky: either way; a failure with the message recorded for it.
          expect([0, 1], `${target} ${file}\n${there.output}`).toContain(there.code);
          const messages = expectedMessages(entry);
          if (there.code === 1 && messages !== undefined) {
            expect(
              containsOne(there.output, messages),
              `${target} ${file}: one of ${messages.join(' | ')}\n${there.output}`,
            ).toBe(true);
          }
        }

        const node = await onNode(file);
        expect(node.code, `node ${node.node} ${file}\n${node.output}`).toBe(0);
        const reference = await onNode(file, {
          CLUSTER_IMPL: REFERENCE_ENTRY,
          CLUSTER_CLAIMS_NODE: REFERENCE_CLAIMS_NODE,
        });
        expect(reference.output).toContain('with CLUSTER_IMPL=');
        expect(reference.code, `reference on node ${reference.node} ${file}\n${reference.output}`).toBe(0);
      },
    );
  });
}
