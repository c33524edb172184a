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

/** /proc/<pid>/stat, the fields we use; undefined when gone. */
export interface ProcessStat {
  pid: number;
  /** R running, S sleeping, Z zombie, ... */
  state: string;
  ppid: number;
  pgrp: number;
  sid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** When it started, in clock ticks since boot. */
  startTicks: number;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The machine's uptime in clock ticks, to tell a process's age from its start. */
function uptimeTicks(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * TICKS_PER_SECOND;
}

/** How long ago `stat`'s process started (ms), at `uptime` (clock ticks). */
function ageMs(stat: ProcessStat, uptime: number): number {
  return ((uptime - stat.startTicks) * 1000) / TICKS_PER_SECOND;
}

export function readStat(pid: number, file = `/proc/${pid}/stat`): ProcessStat | undefined {
  try {
    const stat = readFileSync(file, 'utf8');
    // Fields after "(comm)": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      state: fields[0]!,
      ppid: Number(fields[1]),
      pgrp: Number(fields[2]),
      sid: Number(fields[3]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      startTicks: Number(fields[19]),
    };
  } catch {
    return undefined; // Gone while we looked.
  }
}

/** True while a process exists and has not exited (a zombie has; only its parent has not reaped it). */
export function isLive(stat: ProcessStat | undefined): boolean {
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

function readEntry(pid: number): ProcessEntry | undefined {
  const stat = readStat(pid);
  if (!isLive(stat)) return undefined;
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: stat!.ppid, sid: stat!.sid, args };
  } catch {
    return undefined;
  }
}

/** Whether any thread of `pid` is runnable or in disk sleep: the main thread may wait while a helper thread works. */
function anyThreadBusy(pid: number): boolean {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  for (const tid of threads) {
    const state = readStat(Number(tid), `/proc/${pid}/task/${tid}/stat`)?.state;
    if (state === 'R' || state === 'D') return true;
  }
  return false;
}

/**
 * How long ago (ms) the newest child of `pid`'s threads started; undefined when it has none
 * (with `busy`, only children that are runnable or in disk sleep count).
 */
export function youngestChildMs(pid: number, busy = false): number | undefined {
  const children = new Set<number>();
  addDescendants(pid, children);
  const uptime = uptimeTicks();
  let youngest: number | undefined;
  for (const child of children) {
    const stat = readStat(child);
    if (stat === undefined || stat.ppid !== pid || (busy && stat.state !== 'R' && stat.state !== 'D')) continue;
    const age = ageMs(stat, uptime);
    youngest = youngest === undefined ? age : Math.min(youngest, age);
  }
  return youngest;
}

/** The pids `pid`'s threads have started, and theirs, added to `into`. */
function addDescendants(pid: number, into: Set<number>): void {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of threads) {
    let children: string;
    try {
      children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of children.split(' ')) {
      const childPid = Number(child);
      if (child === '' || into.has(childPid)) continue;
      into.add(childPid);
      addDescendants(childPid, into);
    }
  }
}

/**
 * What a process group is doing: CPU used so far by its live processes, and
 * whether a thread of one is runnable (or paging in). A process whose main
 * thread has exited while its other threads finish counts as live.
 *
 * Its members are found from its leader down (/proc/<pid>/task/<tid>/children)
 * and kept in `members` between calls, so a worker whose primary has died still
 * counts. Reading only those, not all of /proc, keeps a sample cheap: a scan
 * took 57 ms on a loaded machine, and a dozen waits sampling it held up the
 * harness for seconds.
 */
export function groupActivity(
  pgrp: number,
  members: Set<number> = new Set(),
  /** Look for new members and at every thread (dearer: about a millisecond a process); else only at the members' main threads. */
  deep = true,
): {
  cpuTicks: number;
  runnable: boolean;
  processes: number;
  /** How long ago its newest process started (ms). */
  youngestMs: number;
  /** Each live process's state letter (R, S, D, ...), with a '+' where another of its threads is busy. */
  states: string[];
} {
  const activity = {
    cpuTicks: 0,
    runnable: false,
    processes: 0,
    youngestMs: Number.POSITIVE_INFINITY,
    states: [] as string[],
  };
  const uptime = uptimeTicks();
  members.add(pgrp);
  if (deep) for (const member of [...members]) addDescendants(member, members);
  for (const pid of members) {
    const stat = readStat(pid);
    if (stat === undefined || stat.pgrp !== pgrp || stat.state === 'X') {
      members.delete(pid);
      continue;
    }
    // Runnable, or in disk sleep (a runtime's binary paged in on a loaded machine: a false stall in the matrix).
    const mainBusy = stat.state === 'R' || stat.state === 'D';
    const busy = mainBusy || (deep && anyThreadBusy(stat.pid));
    if (stat.state === 'Z' && !busy) continue;
    activity.processes++;
    activity.states.push(busy && !mainBusy ? `${stat.state}+` : stat.state);
    activity.cpuTicks += stat.cpuTicks;
    activity.youngestMs = Math.min(activity.youngestMs, ageMs(stat, uptime));
    if (busy) activity.runnable = true;
  }
  return activity;
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

/**
 * Case programs, their workers and reference workers of this checkout (their
 * command lines name its files), and pm2 daemons of the ECO cases (their
 * title names their PM2_HOME, under the checkout's .cache).
 */
export function checkoutProcesses(table = processTable()): ProcessEntry[] {
  const mine = [
    path.join(ROOT, 'fixtures') + path.sep,
    path.join(ROOT, 'dist') + path.sep,
    path.join(ROOT, '.cache') + path.sep,
  ];
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
