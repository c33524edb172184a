// The machine's process table, read from /proc (Linux): to find what a run
// left behind. Zombies have exited and are left out.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The session id: a detached case program leads its own session, and its workers share it. */
  sid: number;
  args: string;
}

function readEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid pgrp session ...
    const [state, ppid, , sid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') return undefined;
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(ppid), sid: Number(sid), args };
  } catch {
    return undefined; // Gone while we looked.
  }
}

/** Every live process. */
export function processTable(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readEntry(Number(name));
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Whether a process's environment holds `entry` (NAME=value). */
export function environHas(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry);
  } catch {
    return false;
  }
}

/** `root` and every process below it. */
export function descendants(root: number, table = processTable()): ProcessEntry[] {
  const found = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of table) {
      if (!found.has(entry.pid) && found.has(entry.ppid)) {
        found.add(entry.pid);
        grew = true;
      }
    }
  }
  return table.filter((entry) => found.has(entry.pid));
}

/** Case programs, their workers and reference workers of this checkout (their command lines name its files). */
export function checkoutProcesses(table = processTable()): ProcessEntry[] {
  const mine = [path.join(ROOT, 'fixtures') + path.sep, path.join(ROOT, 'dist') + path.sep];
  return table.filter((entry) => entry.pid !== process.pid && mine.some((prefix) => entry.args.includes(prefix)));
}

/** SIGKILL to a process, or to a process group (a negative pid); one that is gone already is fine. */
export function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
