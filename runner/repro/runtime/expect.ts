// A small expect() that stands in for vitest's in a reproduction script
// (runner/repro). It has the matchers the catalogue uses, with vitest's
// semantics for plain data, and words its failures as vitest does (chai's
// "expected #{this} to ... #{exp}", values shown by the same loupe display,
// truncated at 40 characters), so that a reproduction fails with the message
// the suite recorded. repro.test.ts compares its messages with vitest's own.
import { inspect, objDisplay } from '@vitest/utils/display';

/** A failed expectation: the message as vitest words it, and the two values. */
export class AssertionError extends Error {
  override name = 'AssertionError';
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
    readonly showDiff = true,
  ) {
    super(message);
  }
}

const INSPECT = Symbol.for('chai/inspect');

/** expect.any(), expect.objectContaining(), ...: a value that matches a kind of value. */
abstract class AsymmetricMatcher {
  constructor(
    readonly sample: unknown,
    readonly inverse = false,
  ) {}
  abstract asymmetricMatch(other: unknown): boolean;
  abstract toString(): string;
  [INSPECT](): string {
    return `${this.toString()}${this.describeSample()}`;
  }
  protected describeSample(): string {
    return ` ${inspect(this.sample)}`;
  }
}

class Any extends AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean {
    const sample = this.sample as { name?: string };
    const primitive: Record<string, string> = {
      String: 'string',
      Number: 'number',
      Boolean: 'boolean',
      BigInt: 'bigint',
      Symbol: 'symbol',
      Function: 'function',
    };
    if (
      sample === String ||
      sample === Number ||
      sample === Boolean ||
      sample === BigInt ||
      sample === Symbol ||
      sample === Function
    ) {
      return typeof other === primitive[sample.name!] || other instanceof (sample as unknown as new () => unknown);
    }
    if (sample === Object) return typeof other === 'object';
    return other instanceof (sample as new () => unknown);
  }
  toString(): string {
    return 'Any';
  }
  protected override describeSample(): string {
    return `<${(this.sample as { name?: string }).name || '<anonymous>'}>`;
  }
}

class ObjectContaining extends AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean {
    const sample = this.sample as Record<string, unknown>;
    const result =
      typeof other === 'object' &&
      other !== null &&
      Object.keys(sample).every(
        (key) => hasProperty(other, key) && equals((other as Record<string, unknown>)[key], sample[key]),
      );
    return this.inverse ? !result : result;
  }
  toString(): string {
    return `Object${this.inverse ? 'Not' : ''}Containing`;
  }
}

class ArrayContaining extends AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean {
    const sample = this.sample as unknown[];
    const result =
      sample.length === 0 ||
      (Array.isArray(other) && sample.every((item) => other.some((another) => equals(item, another))));
    return this.inverse ? !result : result;
  }
  toString(): string {
    return `Array${this.inverse ? 'Not' : ''}Containing`;
  }
}

class StringContaining extends AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean {
    const result = typeof other === 'string' && other.includes(this.sample as string);
    return this.inverse ? !result : result;
  }
  toString(): string {
    return `String${this.inverse ? 'Not' : ''}Containing`;
  }
}

class StringMatching extends AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean {
    const result = typeof other === 'string' && new RegExp(this.sample as string | RegExp).test(other);
    return this.inverse ? !result : result;
  }
  toString(): string {
    return `String${this.inverse ? 'Not' : ''}Matching`;
  }
}

function isAsymmetric(value: unknown): value is AsymmetricMatcher {
  return value instanceof AsymmetricMatcher;
}

function hasProperty(object: unknown, key: PropertyKey): boolean {
  if (object === null || object === undefined) return false;
  return typeof object === 'object' || typeof object === 'function'
    ? key in (object as object)
    : Object.hasOwn(Object(object), key);
}

function className(value: unknown): string {
  return Object.prototype.toString.call(value);
}

/** Own enumerable keys (and symbols) whose value is not undefined: toEqual ignores undefined properties. */
function definedKeys(object: object, strict: boolean): PropertyKey[] {
  const keys: PropertyKey[] = [
    ...Object.keys(object),
    ...Object.getOwnPropertySymbols(object).filter((s) => Object.prototype.propertyIsEnumerable.call(object, s)),
  ];
  return strict ? keys : keys.filter((key) => (object as Record<PropertyKey, unknown>)[key] !== undefined);
}

/**
 * vitest's equality for the values tests compare: primitives by Object.is,
 * arrays element by element, Maps and Sets by their entries, plain objects by
 * their defined keys; `subset` (toMatchObject) lets the actual object have
 * more keys, at every depth; `strict` (toStrictEqual) counts undefined keys and types.
 */
export function equals(
  actual: unknown,
  expected: unknown,
  subset = false,
  strict = false,
  seen: unknown[] = [],
): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (isAsymmetric(actual)) return actual.asymmetricMatch(expected);
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  if (className(actual) !== className(expected)) return false;
  if (actual instanceof Date) return +actual === +(expected as Date);
  if (actual instanceof RegExp) return String(actual) === String(expected);
  if (actual instanceof Error)
    return actual.message === (expected as Error).message && actual.name === (expected as Error).name;
  if (seen.includes(actual)) return true;
  const inner = [...seen, actual];
  if (Array.isArray(actual)) {
    const other = expected as unknown[];
    if (actual.length !== other.length) return false;
    return actual.every((item, i) => equals(item, other[i], subset, strict, inner));
  }
  if (actual instanceof Map) {
    const other = expected as Map<unknown, unknown>;
    return (
      actual.size === other.size &&
      [...actual].every(([key, value]) => other.has(key) && equals(value, other.get(key), subset, strict, inner))
    );
  }
  if (actual instanceof Set) {
    const other = expected as Set<unknown>;
    return (
      actual.size === other.size &&
      [...actual].every((value) => other.has(value) || [...other].some((o) => equals(value, o, subset, strict, inner)))
    );
  }
  if (strict && Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false;
  const have = actual as Record<PropertyKey, unknown>;
  const want = expected as Record<PropertyKey, unknown>;
  if (subset)
    return definedKeys(want, true).every(
      (key) => hasProperty(have, key) && equals(have[key], want[key], subset, strict, inner),
    );
  const keys = definedKeys(have, strict);
  const otherKeys = definedKeys(want, strict);
  if (keys.length !== otherKeys.length) return false;
  return otherKeys.every((key) => Object.hasOwn(have, key) && equals(have[key], want[key], subset, strict, inner));
}

function isObject(value: unknown): value is Record<PropertyKey, unknown> {
  return value !== null && typeof value === 'object';
}

function hasPropertyInObject(object: unknown, key: PropertyKey): boolean {
  if (!isObject(object)) return false;
  return Object.hasOwn(object, key) || hasPropertyInObject(Object.getPrototypeOf(object), key);
}

/**
 * As vitest's getObjectSubset: the actual value cut down to the keys of the
 * expected one (what toMatchObject's diff shows), and how many properties were cut.
 */
function objectSubset(actual: unknown, expected: unknown): { subset: unknown; stripped: number } {
  let stripped = 0;
  const seen = new WeakMap<object, unknown>();
  const walk = (object: unknown, subset: unknown): unknown => {
    if (Array.isArray(object)) {
      if (Array.isArray(subset) && subset.length === object.length) return subset.map((sub, i) => walk(object[i], sub));
    } else if (object instanceof Date) {
      return object;
    } else if (isObject(object) && isObject(subset)) {
      if (equals(object, subset, true)) return subset;
      const trimmed: Record<PropertyKey, unknown> = {};
      seen.set(object, trimmed);
      for (const key of definedKeys(object, true)) {
        const value = object[key];
        if (hasPropertyInObject(subset, key)) {
          trimmed[key] = isObject(value) && seen.has(value) ? seen.get(value) : walk(value, subset[key]);
        } else if (!(isObject(value) && seen.has(value))) {
          stripped += 1;
          if (isObject(value)) stripped += definedKeys(value, true).length;
          walk(value, undefined);
        }
      }
      if (definedKeys(trimmed, true).length > 0) return trimmed;
    }
    return object;
  };
  return { subset: walk(actual, expected), stripped };
}

/** What chai's getMessage does: #{this}, #{exp} and #{act} shown by objDisplay, the user's message in front. */
function wording(
  template: string,
  object: unknown,
  expected: unknown,
  actual: unknown,
  userMessage: string | undefined,
): string {
  const text = template
    .replace(/#\{this\}/g, () => objDisplay(object))
    .replace(/#\{act\}/g, () => objDisplay(actual))
    .replace(/#\{exp\}/g, () => objDisplay(expected));
  return userMessage ? `${userMessage}: ${text}` : text;
}

function assertNumber(value: unknown, name: string): void {
  if (typeof value !== 'number' && typeof value !== 'bigint') {
    throw new TypeError(`${name} value must be number or bigint, received "${typeof value}"`);
  }
}

/** Splits a toHaveProperty path: `a.b`, `a[0].b`. */
function propertyPath(path: string): string[] {
  return path
    .replace(/\[([^\]]*)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '');
}

export interface Matchers {
  not: Matchers;
  toEqual(expected: unknown): void;
  toStrictEqual(expected: unknown): void;
  toBe(expected: unknown): void;
  toMatchObject(expected: unknown): void;
  toHaveLength(length: number): void;
  toBeGreaterThan(expected: number | bigint): void;
  toBeGreaterThanOrEqual(expected: number | bigint): void;
  toBeLessThan(expected: number | bigint): void;
  toBeLessThanOrEqual(expected: number | bigint): void;
  toBeNull(): void;
  toBeUndefined(): void;
  toBeDefined(): void;
  toBeTruthy(): void;
  toBeFalsy(): void;
  toContain(item: unknown): void;
  toHaveProperty(path: string | string[], value?: unknown): void;
  toMatch(expected: string | RegExp): void;
}

/** The matchers this expect() has: the generator turns down a test that uses another. */
export const MATCHERS = [
  'toEqual',
  'toStrictEqual',
  'toBe',
  'toMatchObject',
  'toHaveLength',
  'toBeGreaterThan',
  'toBeGreaterThanOrEqual',
  'toBeLessThan',
  'toBeLessThanOrEqual',
  'toBeNull',
  'toBeUndefined',
  'toBeDefined',
  'toBeTruthy',
  'toBeFalsy',
  'toContain',
  'toHaveProperty',
  'toMatch',
] as const;

function matchers(object: unknown, userMessage: string | undefined, negate: boolean): Matchers {
  /** chai's this.assert(): passes unless `pass` disagrees with .not; throws the worded failure. */
  const check = (
    pass: boolean,
    message: string,
    negatedMessage: string,
    expected?: unknown,
    actual: unknown = object,
    showDiff = true,
  ) => {
    if (pass !== negate) return;
    throw new AssertionError(
      wording(negate ? negatedMessage : message, object, expected, actual, userMessage),
      actual,
      expected,
      showDiff,
    );
  };
  const compare = (expected: number | bigint, holds: (actual: number | bigint) => boolean, relation: string) => {
    assertNumber(object, 'actual');
    assertNumber(expected, 'expected');
    const actual = object as number | bigint;
    check(
      holds(actual),
      `expected ${String(actual)} to be ${relation} ${String(expected)}`,
      `expected ${String(actual)} to be not ${relation} ${String(expected)}`,
      expected,
      actual,
      false,
    );
  };
  const api: Matchers = {
    get not() {
      return matchers(object, userMessage, !negate);
    },
    toEqual(expected) {
      check(
        equals(object, expected),
        'expected #{this} to deeply equal #{exp}',
        'expected #{this} to not deeply equal #{exp}',
        expected,
      );
    },
    toStrictEqual(expected) {
      check(
        equals(object, expected, false, true),
        'expected #{this} to strictly equal #{exp}',
        'expected #{this} to not strictly equal #{exp}',
        expected,
      );
    },
    toBe(expected) {
      const pass = Object.is(object, expected);
      let message = 'expected #{this} to be #{exp} // Object.is equality';
      if (!pass) {
        const deep = equals(object, expected, false, true)
          ? 'toStrictEqual'
          : equals(object, expected)
            ? 'toEqual'
            : '';
        if (deep)
          message += `\n\nIf it should pass with deep equality, replace "toBe" with "${deep}"\n\nExpected: #{this}\nReceived: serializes to the same string\n`;
      }
      check(pass, message, 'expected #{this} not to be #{exp} // Object.is equality', expected);
    },
    toMatchObject(expected) {
      const pass = equals(object, expected, true);
      if (pass === negate) {
        const { subset, stripped } = objectSubset(object, expected);
        const text = wording(
          negate ? 'expected #{this} to not match object #{exp}' : 'expected #{this} to match object #{exp}',
          object,
          expected,
          subset,
          userMessage,
        );
        const omitted =
          stripped === 0
            ? ''
            : `\n(${stripped} matching ${stripped === 1 ? 'property' : 'properties'} omitted from actual)`;
        throw new AssertionError(text + omitted, subset, expected);
      }
    },
    toHaveLength(length) {
      const items =
        object instanceof Map || object instanceof Set
          ? object.size
          : (object as { length?: number } | null | undefined)?.length;
      if (items === undefined) {
        throw new AssertionError(
          wording("expected #{this} to have property 'length'", object, 'length', object, userMessage),
          object,
          'length',
          false,
        );
      }
      const noun = object instanceof Map || object instanceof Set ? 'size' : 'length';
      check(
        items === length,
        `expected #{this} to have a ${noun} of #{exp} but got #{act}`,
        `expected #{this} to not have a ${noun} of #{act}`,
        length,
        items,
      );
    },
    toBeGreaterThan(expected) {
      compare(expected, (actual) => actual > expected, 'greater than');
    },
    toBeGreaterThanOrEqual(expected) {
      compare(expected, (actual) => actual >= expected, 'greater than or equal to');
    },
    toBeLessThan(expected) {
      compare(expected, (actual) => actual < expected, 'less than');
    },
    toBeLessThanOrEqual(expected) {
      compare(expected, (actual) => actual <= expected, 'less than or equal to');
    },
    toBeNull() {
      check(object === null, 'expected #{this} to be null', 'expected #{this} not to be null', null);
    },
    toBeUndefined() {
      check(
        object === undefined,
        'expected #{this} to be undefined',
        'expected #{this} not to be undefined',
        undefined,
      );
    },
    toBeDefined() {
      check(object !== undefined, 'expected #{this} to be defined', 'expected #{this} to be undefined', object);
    },
    toBeTruthy() {
      check(Boolean(object), 'expected #{this} to be truthy', 'expected #{this} to not be truthy', true);
    },
    toBeFalsy() {
      check(!object, 'expected #{this} to be falsy', 'expected #{this} to not be falsy', false);
    },
    toContain(item) {
      if (typeof object === 'string' && typeof item === 'string') {
        check(
          object.includes(item),
          'expected #{this} to contain #{exp}',
          'expected #{this} not to contain #{exp}',
          item,
        );
        return;
      }
      const list =
        object !== null && object !== undefined && typeof object !== 'string'
          ? Array.from(object as Iterable<unknown>)
          : object;
      const included = typeof list === 'string' ? list.includes(item as string) : (list as unknown[]).includes(item);
      if (included === negate) {
        throw new AssertionError(
          wording(
            negate ? 'expected #{this} to not include #{exp}' : 'expected #{this} to include #{exp}',
            list,
            item,
            list,
            userMessage,
          ),
          list,
          item,
        );
      }
    },
    toHaveProperty(path, ...value) {
      const name = Array.isArray(path) ? path.map((key) => String(key).replace(/([.[\]])/g, '\\$1')).join('.') : path;
      let found: { exists: boolean; value: unknown } = { exists: false, value: undefined };
      if (object !== null && object !== undefined && Object.hasOwn(Object(object), name)) {
        found = { exists: true, value: (object as Record<string, unknown>)[name] };
      } else {
        let at: unknown = object;
        found = { exists: true, value: undefined };
        for (const part of Array.isArray(path) ? path.map(String) : propertyPath(name)) {
          if (!hasProperty(at, part)) {
            found = { exists: false, value: undefined };
            break;
          }
          at = (at as Record<string, unknown>)[part];
          found.value = at;
        }
      }
      const withValue = value.length > 0;
      const pass = found.exists && (!withValue || equals(value[0], found.value));
      const suffix = withValue ? ` with value ${objDisplay(value[0])}` : '';
      check(
        pass,
        `expected #{this} to have property "${name}"${suffix}`,
        `expected #{this} to not have property "${name}"${suffix}`,
        value[0],
        found.exists ? found.value : undefined,
      );
    },
    toMatch(expected) {
      if (typeof object !== 'string')
        throw new TypeError(`.toMatch() expects to receive a string, but got ${typeof object}`);
      const pass = typeof expected === 'string' ? object.includes(expected) : expected.test(object);
      check(pass, 'expected #{this} to match #{exp}', 'expected #{this} not to match #{exp}', expected);
    },
  };
  return api;
}

interface Expect {
  (actual: unknown, message?: string): Matchers;
  any(type: unknown): unknown;
  objectContaining(sample: Record<string, unknown>): unknown;
  arrayContaining(sample: unknown[]): unknown;
  stringContaining(sample: string): unknown;
  stringMatching(sample: string | RegExp): unknown;
  not: {
    objectContaining(sample: Record<string, unknown>): unknown;
    arrayContaining(sample: unknown[]): unknown;
    stringContaining(sample: string): unknown;
    stringMatching(sample: string | RegExp): unknown;
  };
}

export const expect: Expect = Object.assign((actual: unknown, message?: string) => matchers(actual, message, false), {
  any: (type: unknown) => new Any(type),
  objectContaining: (sample: Record<string, unknown>) => new ObjectContaining(sample),
  arrayContaining: (sample: unknown[]) => new ArrayContaining(sample),
  stringContaining: (sample: string) => new StringContaining(sample),
  stringMatching: (sample: string | RegExp) => new StringMatching(sample),
  not: {
    objectContaining: (sample: Record<string, unknown>) => new ObjectContaining(sample, true),
    arrayContaining: (sample: unknown[]) => new ArrayContaining(sample, true),
    stringContaining: (sample: string) => new StringContaining(sample, true),
    stringMatching: (sample: string | RegExp) => new StringMatching(sample, true),
  },
});

/** How a failed test's values are shown in full: one line each, untruncated. */
export function display(value: unknown): string {
  return inspect(value, { truncate: 0 });
}

/** What harness modules register with vitest's afterAll (a Scenario's end): run.ts calls them once every test has run. */
export const afterAllCallbacks: (() => unknown)[] = [];

export function afterAll(callback: () => unknown): void {
  afterAllCallbacks.push(callback);
}
