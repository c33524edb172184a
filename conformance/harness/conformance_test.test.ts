// Which tests outside their Node range a matrix run records: only on the release lines next to the range.
import { expect, test } from 'vitest';
import { recordsOutOfRange } from './conformance_test.js';

test.each([
  ['4.9.1', ['>=6.0.0'], true],
  ['0.10.48', ['>=6.0.0'], false],
  ['0.12.18', ['>=4.0.0'], true],
  ['20.20.2', ['>=22.12.0 <23.0.0 || >=23.1.0'], true],
  ['14.21.3', ['>=22.12.0 <23.0.0 || >=23.1.0'], false],
  ['0.8.28', ['>=0.10.0'], true],
  ['0.8.28', ['>=6.0.0', '>=0.10.0'], true],
  ['0.8.28', ['>=6.0.0', '>=12.0.0'], false],
  ['27.0.0', ['>=0.10.0 <21.0.0'], true],
])('Node %s and ranges %j: recorded %s', (claims, ranges, recorded) => {
  expect(recordsOutOfRange(claims, ranges)).toBe(recorded);
});
