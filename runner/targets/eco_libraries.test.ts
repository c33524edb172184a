// The ECO libraries: pinned exactly in package.json, installed at those
// versions, and recorded in every report's run_info (valid by its schema).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { expect, test } from 'vitest';
import { ROOT } from '../../conformance/harness/paths.js';
import { REPORT_SCHEMA } from '../results/report_schema.js';
import { buildReport } from '../results/reporter.js';
import { ECO_LIBRARIES, ecoLibraryVersions } from './eco_libraries.js';
import { resolveTarget } from './registry.js';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

test('each ECO library is an exact devDependency, installed at that version', () => {
  const versions = ecoLibraryVersions();
  expect(versions).not.toBeNull();
  for (const name of ECO_LIBRARIES) {
    expect(manifest.devDependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
    expect(versions![name], name).toBe(manifest.devDependencies[name]);
  }
});

test("a report's run_info records the libraries' versions, and the schema accepts it", async () => {
  const target = await resolveTarget('node');
  expect(target.capabilities.has('npm-libraries')).toBe(true);
  const report = buildReport(target, [], { target: 'node', entries: {} }, false, new Date(0), new Date(1));
  expect(report.run_info.libraries).toEqual(ecoLibraryVersions());
  const validate = new Ajv({ strict: false }).compile(REPORT_SCHEMA);
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  expect(validate({ ...report, run_info: { ...report.run_info, libraries: { pm2: 7 } } })).toBe(false);
});
