// The Worker class shared by both roles (API-*). Role-specific methods
// (disconnect, destroy) are installed by primary.ts and child.ts.
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export interface WorkerProcess extends EventEmitter {
  readonly pid?: number;
  readonly connected?: boolean;
  readonly exitCode?: number | string | null;
  readonly signalCode?: NodeJS.Signals | string | null;
  send?(...args: unknown[]): boolean;
  kill?(signal?: NodeJS.Signals | number): boolean | undefined;
}

export interface WorkerOptions {
  id?: number;
  state?: string;
  process?: WorkerProcess;
}

export class WorkerClass extends EventEmitter {
  exitedAfterDisconnect: boolean | undefined = undefined;
  state: string;
  id: number;
  process!: WorkerProcess;

  constructor(options?: WorkerOptions | null) {
    super();
    const opts: WorkerOptions = options !== null && typeof options === 'object' ? options : {};
    this.state = opts.state || 'none';
    this.id = (opts.id as number) | 0;
    if (opts.process) {
      this.process = opts.process;
      this.process.on('error', (code: unknown, signal: unknown) => this.emit('error', code, signal));
      this.process.on('message', (message: unknown, handle: unknown) => this.emit('message', message, handle));
    }
  }

  send(...args: unknown[]): boolean {
    return (this.process.send as (...a: unknown[]) => boolean).apply(this.process, args);
  }

  isDead(): boolean {
    return this.process.exitCode != null || this.process.signalCode != null;
  }

  isConnected(): boolean {
    return this.process.connected as boolean;
  }

  kill(...args: unknown[]): void {
    (this.destroy as (...a: unknown[]) => void).apply(this, args);
  }

  /** Replaced per role. */
  destroy(_signal?: NodeJS.Signals | number): void {
    throw new Error('Worker.destroy is role-specific');
  }

  disconnect(): this {
    throw new Error('Worker.disconnect is role-specific');
  }
}

/** A Worker in the primary: its process is the worker's ChildProcess. */
export interface PrimaryWorker extends WorkerClass {
  process: ChildProcess;
}

// Node assigns Worker's methods to its prototype, so they are enumerable.
for (const name of ['kill', 'send', 'isDead', 'isConnected', 'disconnect', 'destroy'] as const) {
  Object.defineProperty(WorkerClass.prototype, name, { enumerable: true });
}

/** `Worker` can be called without `new`, as in Node (API-4). */
export const Worker = new Proxy(WorkerClass, {
  apply(target, _thisArg, args: [WorkerOptions?]) {
    return new target(...args);
  },
}) as typeof WorkerClass & ((options?: WorkerOptions) => WorkerClass);
