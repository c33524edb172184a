// The JSON report's schema (JSON Schema draft-07), version 1. Fields may be
// added within a version; renaming or removing one bumps `schema`.
// `cluster-conformance schema` prints it.

const status = { enum: ['pass', 'fail', 'skip'] };
const count = { type: 'integer', minimum: 0 };

export const REPORT_SCHEMA_VERSION = 1;

export const REPORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `https://cluster-conformance.dev/schema/report-${REPORT_SCHEMA_VERSION}.json`,
  title: 'cluster-conformance report',
  description: 'One run of the requirement catalogue against one target (reports/conformance-<target>.json).',
  type: 'object',
  required: ['schema', 'run_info', 'summary', 'results', 'unexpected'],
  properties: {
    schema: { const: REPORT_SCHEMA_VERSION, description: 'The version of this format.' },
    run_info: {
      type: 'object',
      required: [
        'target',
        'runtime',
        'runtime_version',
        'claims_node_version',
        'os',
        'arch',
        'suite_version',
        'started_at',
        'duration_ms',
      ],
      properties: {
        target: {
          type: 'string',
          description:
            'The target as named in expectations/ (reference, node@22, bun, docker:node, an ' + 'adapter name).',
        },
        runtime: {
          type: 'string',
          description: "The runtime that ran the case programs: node, bun, deno or an adapter's.",
        },
        runtime_version: { type: 'string' },
        claims_node_version: {
          type: 'string',
          description: 'Whose behaviour the target claims; version-ranged requirements apply by it.',
        },
        os: { type: 'string' },
        arch: { type: 'string' },
        suite_version: { type: 'string', description: 'The version of cluster-conformance.' },
        started_at: { type: 'string', format: 'date-time' },
        duration_ms: count,
        libraries: {
          type: 'object',
          description:
            'The npm libraries the ECO area runs, each with its installed version. Added ' +
            'within schema 1; absent where they are not installed.',
          additionalProperties: { type: 'string' },
        },
      },
    },
    summary: {
      type: 'object',
      required: [
        'total',
        'passed',
        'failed',
        'skipped',
        'requirements_total',
        'requirements_passed',
        'requirements_failed',
        'requirements_skipped',
        'unexpected',
      ],
      properties: {
        total: { ...count, description: 'Tests in the run (a --filter run counts only the tests it selected).' },
        passed: count,
        failed: count,
        skipped: count,
        requirements_total: { ...count, description: 'Requirements in the catalogue.' },
        requirements_passed: { ...count, description: 'Requirements whose tests ran and all passed.' },
        requirements_failed: { ...count, description: 'Requirements with at least one failing test.' },
        requirements_skipped: {
          ...count,
          description: 'Requirements none of whose tests ran (out of range, missing capability, ' + 'filtered out).',
        },
        unexpected: {
          ...count,
          description: 'Results that differ from the expectations; the run passes only when this is 0.',
        },
      },
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'requirements', 'status', 'expected', 'message', 'duration_ms'],
        properties: {
          id: { type: 'string', description: "The test's full name; it starts with the requirement IDs it checks." },
          requirements: { type: 'array', items: { type: 'string', pattern: '^[A-Z]+-\\d+$' } },
          status: status,
          expected: { ...status, description: 'What the expectations say this test ends with on this target.' },
          verdict: {
            enum: ['pass', 'expected-fail', 'skip', 'unexpected'],
            description:
              'How the result stands against the expectations; every output (exit code, JUnit, ' +
              'Markdown, matrix) derives from it. Added within schema 1: reports without it ' +
              'derive it from status and expected.',
          },
          reason: { type: 'string', description: "The expectation entry's reason, where there is one." },
          message: {
            type: 'string',
            description: 'The failure message, or why the test was skipped; empty on a pass.',
          },
          duration_ms: count,
          out_of_range: {
            type: 'object',
            description: 'A test run outside its Node range only to record the result (matrix runs of node@<major>).',
            required: ['status', 'message'],
            properties: { status: { enum: ['pass', 'fail'] }, message: { type: 'string' } },
          },
        },
      },
    },
    unexpected: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status', 'expected', 'advice'],
        properties: {
          id: { type: 'string' },
          status: status,
          expected: status,
          advice: { type: 'string', description: 'What to change: fix it, or the expectation entry to add or remove.' },
        },
      },
    },
  },
} as const;
