// bun[@<range>]: node:cluster of Bun (@oven/bun-linux-x64).
import { runtimeKind } from './npm_runtime.js';

export const bun = runtimeKind('bun', 'Bun');
