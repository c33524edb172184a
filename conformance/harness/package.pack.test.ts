// The package as a user gets it: `npm pack` holds what a user needs and
// nothing of the development tree, and `npx cluster-conformance run --target
// node` works from another project that installed the tarball.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROOT } from './paths.js';
import { killQuietly } from './process_table.js';
import { REPORT_SCHEMA } from './report_schema.js';
import type { ConformanceReport } from './reporter.js';

interface Done { code: number | null; stdout: string; stderr: string }

/** Runs a command in its own process group, which is killed whatever happens. */
function run(command: string, args: string[], cwd: string): Promise<Done> {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
  groups.add(child.pid!);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      killGroup(child.pid!);
      resolve({ code, stdout, stderr });
    });
  });
}

const groups = new Set<number>();
function killGroup(pid: number): void {
  groups.delete(pid);
  killQuietly(-pid);
}

let dir = '';
let tarball = '';
let files: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-pack-'));
  const packed = await run('npm', ['pack', ROOT, '--pack-destination', dir, '--json', '--silent'], dir);
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(dir, info!.filename);
  files = info!.files.map((file) => file.path);
}, 120_000);

afterAll(() => {
  for (const pid of [...groups]) killGroup(pid);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the built reference, the spec, the CLI, the tests and the fixtures', () => {
  for (const needed of ['package.json', 'README.md', 'dist/conformance/harness/cli.js', 'dist/reference/index.js',
    'dist/reference/worker_bootstrap.js', 'dist/spec/catalogue.js', 'dist/conformance/port.test.js',
    'fixtures/common.js', 'fixtures/package.json', 'expectations/reference.json', 'examples/adapter/adapter.mjs']) {
    expect(files, needed).toContain(needed);
  }
  expect(files.filter((file) => file.startsWith('dist/conformance/') && file.endsWith('.test.js')).length).toBeGreaterThanOrEqual(12);
});

test('the tarball holds nothing of the development tree', () => {
  const development = files.filter((file) =>
    (file.endsWith('.ts') && !file.endsWith('.d.ts'))
    || file.endsWith('.map')
    || /^(tsconfig|vitest\.config|package-lock)/.test(file)
    || /^(\.ci|\.cache|bench|reports|node_modules|conformance|spec|reference|dist\/bench|dist\/conformance\/stress)\//.test(file)
    || /^dist\/(spec|conformance\/harness)\/.*\.test\.(js|d\.ts)$/.test(file));
  expect(development).toEqual([]);
});

test('npx cluster-conformance runs the catalogue against node from another project', async () => {
  const project = path.join(dir, 'user-project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', version: '1.0.0', private: true })}\n`);
  const installed = await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], project);
  expect(installed.code, installed.stderr).toBe(0);

  const help = await run('npx', ['cluster-conformance', '--help'], project);
  expect(help.code, help.stderr).toBe(0);
  expect(help.stdout).toMatch(/^usage:/m);

  const conformance = await run('npx', ['cluster-conformance', 'run', '--target', 'node'], project);
  expect(conformance.code, `${conformance.stdout}\n${conformance.stderr}`).toBe(0);
  expect(conformance.stdout).toMatch(/^all results as expected; time: /m);

  // The reports are the user's, in their project, not inside node_modules.
  const reportFile = path.join(project, 'reports', 'conformance-node.json');
  expect(existsSync(reportFile)).toBe(true);
  expect(existsSync(path.join(project, 'node_modules', 'cluster-conformance', 'reports'))).toBe(false);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
  const validate = new Ajv({ strict: false }).compile(REPORT_SCHEMA);
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  expect(report.summary.unexpected).toBe(0);
  expect(report.summary.passed).toBeGreaterThan(100);
  expect(report.run_info.suite_version).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  for (const view of ['conformance-node.xml', 'conformance-node.md']) expect(existsSync(path.join(project, 'reports', view)), view).toBe(true);

  // An implementer's gate: their adapter and their expectations folder, in their project.
  cpSync(path.join(project, 'node_modules', 'cluster-conformance', 'examples', 'adapter'), path.join(project, 'conformance'), { recursive: true });
  mkdirSync(path.join(project, 'conformance', 'expectations'));
  writeFileSync(path.join(project, 'conformance', 'expectations', 'example-adapter.json'), `${JSON.stringify({
    target: 'example-adapter',
    entries: { 'ENV-5: the primary is not a worker': { status: 'fail', reason: 'a known failure that is fixed by now' } },
  })}\n`);
  const gate = ['cluster-conformance', 'run', '--target', './conformance/adapter.mjs', '--expectations', './conformance/expectations', '--filter', 'ENV-5'];
  const stale = await run('npx', gate, project);
  expect(stale.code, `${stale.stdout}\n${stale.stderr}`).toBe(1);
  expect(stale.stdout).toContain('unexpected pass: remove "ENV-5: the primary is not a worker" from conformance/expectations/example-adapter.json');
  const updated = await run('npx', [...gate, '--update-expectations'], project);
  expect(updated.code, updated.stderr).toBe(0);
  expect(JSON.parse(readFileSync(path.join(project, 'conformance', 'expectations', 'example-adapter.json'), 'utf8')).entries).toEqual({});
  expect((await run('npx', gate, project)).code).toBe(0);
}, 420_000);
