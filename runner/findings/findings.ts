// FINDINGS.md: every divergence the suite has found, generated from what
// records them, so that it cannot go stale:
//   - expectations/<target>.json: each known failure of Bun, Deno (any
//     target), with its reason, the versions it was seen on and its kind;
//   - spec/areas/*.ts: where Node falls short of a requirement in a case its
//     tests do not pin (nodeFindings), and where Node and its docs disagree
//     (docsDisagree).
// `cluster-conformance findings` writes it; `--check` (and findings.test.ts)
// fails when the file differs from what it would write.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../conformance/harness/paths.js';
import { type Requirement, requirement, requirements } from '../../spec/catalogue.js';
import type { ExpectationEntry, ExpectationFile } from '../results/expectations.js';

export const FINDINGS_FILE = 'FINDINGS.md';
const SHIPPED_EXPECTATIONS = path.join(ROOT, 'expectations');

/** The runtimes in the order FINDINGS.md shows them; other targets follow by name. */
const RUNTIME_ORDER = ['node', 'bun', 'deno'];
const TITLES: Record<string, string> = { node: 'Node', bun: 'Bun', deno: 'Deno' };

interface Divergence {
  id: string;
  tests: { name: string; entry: ExpectationEntry }[];
}

interface TargetFindings {
  target: string;
  file: string;
  divergences: Divergence[];
}

/** Each expectation file's own entries (inherited ones are their parent's findings), grouped by requirement. */
export function expectationFindings(dir = SHIPPED_EXPECTATIONS): TargetFindings[] {
  const found: TargetFindings[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const parsed = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ExpectationFile;
    const byId = new Map<string, Divergence>();
    for (const [test, entry] of Object.entries(parsed.entries ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const id = test.split(/[ :]/)[0]!;
      const divergence = byId.get(id) ?? { id, tests: [] };
      divergence.tests.push({ name: test, entry });
      byId.set(id, divergence);
    }
    if (byId.size === 0) continue;
    found.push({
      target: parsed.target,
      file: `expectations/${name}`,
      divergences: [...byId.values()].sort((a, b) => compareIds(a.id, b.id)),
    });
  }
  const rank = (target: string) => {
    const runtime = RUNTIME_ORDER.findIndex((r) => target === r || target.startsWith(`${r}@`));
    return runtime === -1 ? RUNTIME_ORDER.length : runtime;
  };
  return found.sort((a, b) => rank(a.target) - rank(b.target) || a.target.localeCompare(b.target));
}

function compareIds(a: string, b: string): number {
  const [areaA, numberA] = a.split('-') as [string, string];
  const [areaB, numberB] = b.split('-') as [string, string];
  return areaA.localeCompare(areaB) || Number(numberA) - Number(numberB);
}

/** A reason without the "fails on bun 1.4.5: " that --update-expectations puts in front (the versions are shown apart). */
function what(entry: ExpectationEntry): string {
  return entry.reason.replace(/^fails on [\w.:@-]+ [\w.-]+: /, '');
}

function kindOf(divergence: Divergence): string {
  const kinds = [...new Set(divergence.tests.map((t) => t.entry.kind ?? 'not classified yet'))];
  return kinds.join(', ');
}

function quote(req: Requirement): string {
  return `> ${req.statement}`;
}

function titleOf(target: string): string {
  const runtime = RUNTIME_ORDER.find((r) => target === r || target.startsWith(`${r}@`));
  if (runtime === undefined) return `\`${target}\``;
  return target === runtime ? TITLES[runtime]! : `${TITLES[runtime]!} (\`${target}\`)`;
}

function counts(findings: TargetFindings): {
  tests: number;
  bug: number;
  deliberate: number;
  unclassified: number;
  flaky: number;
} {
  const entries = findings.divergences.flatMap((d) => d.tests.map((t) => t.entry));
  return {
    tests: entries.length,
    bug: findings.divergences.filter((d) => d.tests.some((t) => t.entry.kind === 'bug')).length,
    deliberate: findings.divergences.filter((d) => d.tests.every((t) => t.entry.kind === 'deliberate')).length,
    unclassified: findings.divergences.filter((d) => d.tests.some((t) => t.entry.kind === undefined)).length,
    flaky: entries.filter((e) => e.status === 'flaky').length,
  };
}

function targetSection(findings: TargetFindings): string[] {
  const lines = [`## ${titleOf(findings.target)}`, ''];
  const c = counts(findings);
  lines.push(
    `${findings.divergences.length} requirements, ${c.tests} tests, from \`${findings.file}\` (the ` +
      `known failures of \`${findings.target}\`, with their reasons).`,
    '',
  );
  for (const divergence of findings.divergences) {
    const req = requirement(divergence.id);
    lines.push(`### ${divergence.id}${req ? ` (${req.level})` : ''}: ${kindOf(divergence)}`, '');
    if (req) lines.push(quote(req), '');
    for (const { name, entry } of divergence.tests) {
      lines.push(`- ${entry.status === 'flaky' ? '**flaky** ' : ''}\`${name}\`: ${what(entry)}`);
    }
    const seen = [...new Set(divergence.tests.map((t) => t.entry.seen).filter((s): s is string => s !== undefined))];
    lines.push(
      `- seen on: ${seen.length > 0 ? seen.join('; ') : 'not recorded'}${req ? ` (the requirement holds on Node ${req.nodeVersions})` : ''}`,
    );
    lines.push(
      `- repro: \`cluster-conformance repro ${divergence.id} --target ${findings.target}\` (in the ` +
        `suite: \`cluster-conformance run --target ${findings.target} --filter ${divergence.id}\`)`,
      '',
    );
  }
  return lines;
}

function nodeSection(): string[] {
  const shortfalls = requirements.filter((req) => (req.nodeFindings ?? []).length > 0);
  const contradicted = requirements.filter((req) => req.docsDisagree?.startsWith('The docs say'));
  const undocumented = requirements.filter((req) => req.docsDisagree && !req.docsDisagree.startsWith('The docs say'));
  const lines = ['## Node', ''];
  lines.push(
    "The catalogue is Node's behaviour, so Node passes it; these are where Node " +
      'falls short of a requirement in a case',
    'its tests do not pin (found by the stress checks, `conformance/stress`), and ' +
      'where Node and its documentation disagree',
    "(each requirement's `docsDisagree` in `spec/areas/`).",
    '',
  );
  lines.push('### Where Node falls short', '');
  for (const req of shortfalls) {
    for (const finding of req.nodeFindings!) {
      lines.push(`#### ${req.id} (${req.level}): ${finding.kind}`, '', quote(req), '', finding.finding, '');
      lines.push(`- seen on: ${finding.seen}`, `- shows it: \`${finding.check}\``, '');
    }
  }
  lines.push('### Where the docs say otherwise', '');
  lines.push(
    "Node's behaviour is deliberate here: its own tests pin it, and the docs lag " +
      'behind. The repro passes on Node: it shows what Node does.',
    '',
  );
  for (const req of contradicted) {
    lines.push(`#### ${req.id} (${req.level}): deliberate`, '', quote(req), '', req.docsDisagree!, '');
    lines.push(
      `- Node versions: ${req.nodeVersions}`,
      `- repro: \`cluster-conformance repro ${req.id} --target node\``,
      '',
    );
  }
  lines.push('### What the docs do not say', '');
  for (const req of undocumented)
    lines.push(`- ${req.id} (Node ${req.nodeVersions}): ${req.docsDisagree} (${req.statement})`);
  lines.push('');
  return lines;
}

/** The text of FINDINGS.md, from the shipped expectations and the spec. */
export function findingsMarkdown(dir = SHIPPED_EXPECTATIONS): string {
  const targets = expectationFindings(dir);
  const shortfalls = requirements.flatMap((req) => req.nodeFindings ?? []);
  const docs = requirements.filter((req) => req.docsDisagree?.startsWith('The docs say')).length;
  const lines = [
    '# Findings',
    '',
    'Every divergence cluster-conformance has found in Node, Bun and Deno: the ' +
      'requirement, the versions it was seen on,',
    'whether it looks like a bug or a deliberate difference, and the command that writes a self-contained reproduction',
    '(`cluster-conformance repro <ID> --target <T>` writes `repro/repro-<ID>.cjs`; run it with the runtime itself:',
    '`bun repro/repro-<ID>.cjs`, `deno run -A repro/repro-<ID>.cjs`).',
    '',
    '<!-- Generated by `cluster-conformance findings` from expectations/*.json and spec/areas/*.ts. Do not edit:',
    '     change those and run it again; the self tests fail while this file is out of date. -->',
    '',
    '| runtime | requirements | tests | bug | deliberate | not classified | flaky tests |',
    '|---|---|---|---|---|---|---|',
    `| Node (falls short) | ${shortfalls.length} | | ${shortfalls.filter((f) => f.kind === 'bug').length} ` +
      `| ${shortfalls.filter((f) => f.kind === 'deliberate').length} | | |`,
    `| Node (the docs say otherwise) | ${docs} | | | ${docs} | | |`,
    ...targets.map((t) => {
      const c = counts(t);
      return `| ${titleOf(t.target)} | ${t.divergences.length} | ${c.tests} | ${c.bug} | ${c.deliberate} | ${c.unclassified} | ${c.flaky} |`;
    }),
    '',
    'A difference looks deliberate where the runtime does it another way by design ' +
      '(an internal message protocol it does',
    'not reproduce, flags it does not pass) and like a bug where it breaks the ' +
      'contract for no such reason; the reasons say',
    'which. A requirement counts as a bug when one of its failing tests is ' +
      'classified as one (`kind` in the expectation entry).',
    '',
    ...nodeSection(),
    ...targets.flatMap(targetSection),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** `cluster-conformance findings [--check] [--out FILE]`. */
export async function findingsCommand(args: string[], fail: (message: string) => never): Promise<number> {
  let out = FINDINGS_FILE;
  let check = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--check') check = true;
    else if (args[i] === '--out' && args[i + 1] !== undefined) out = args[++i]!;
    else fail('usage: cluster-conformance findings [--check] [--out FILE]');
  }
  const text = findingsMarkdown();
  if (check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current === text) {
      process.stdout.write(`${out} is up to date\n`);
      return 0;
    }
    process.stderr.write(`cluster-conformance: ${out} is out of date: run cluster-conformance findings\n`);
    return 1;
  }
  writeFileSync(out, text);
  const targets = expectationFindings();
  process.stdout.write(
    `wrote ${out}: ${targets.map((t) => `${t.target} ${t.divergences.length}`).join(', ')} requirements diverge\n`,
  );
  return 0;
}
