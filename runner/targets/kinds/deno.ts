// deno[@<range>]: node:cluster of Deno (@deno/linux-x64-glibc), run with `deno run -A`.
import { runtimeKind } from './npm_runtime.js';

export const deno = runtimeKind('deno', 'Deno');
