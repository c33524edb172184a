// Stands in for @vitest/pretty-format in a reproduction script: expect.ts
// uses only the loupe display of @vitest/utils/display (inspect, objDisplay),
// which does not call it.
export const plugins = {};
export function createDOMElementFilter(): never {
  throw new Error('not in a reproduction script');
}
export function format(): never {
  throw new Error('not in a reproduction script');
}
