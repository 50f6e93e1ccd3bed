/** @module The agent's local state dir: a pid lock, and JSON files written atomically (temp file + fsync + rename). */
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { Task } from '../apis/index.js'
import type { PortAllocations } from './ports.js'

/** Another live process holds the lock. */
export class StateDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`state dir ${dir} is locked by agent pid ${pid}`)
    this.name = 'StateDirLockedError'
  }
}

/** Persistence for what the agent must remember across restarts and control-plane outages. */
export interface StateStore {
  /** The last desired Tasks seen from the apiserver; undefined when never written (or unreadable). */
  loadTasks(): Task[] | undefined
  saveTasks(tasks: readonly Task[]): void
  loadPorts(): PortAllocations
  savePorts(ports: PortAllocations): void
  /** Task objects whose status the apiserver has not accepted yet, by task name. */
  loadPending(): Record<string, Task>
  savePending(pending: Readonly<Record<string, Task>>): void
  /** Events the apiserver has not accepted yet, oldest first (validated by the reader). */
  loadPendingEvents(): unknown[]
  savePendingEvents(events: readonly unknown[]): void
}

export interface StateDir extends StateStore {
  readonly dir: string
  /** Removes the lock if it is still ours. */
  release(): void
}

export interface LockOptions {
  pid?: number
  isAlive?: (pid: number) => boolean
}

/** Creates `dir` if needed and takes its lock; throws StateDirLockedError while another live agent holds it. */
export function openStateDir(dir: string, opts: LockOptions = {}): StateDir {
  const root = resolve(dir)
  mkdirSync(root, { recursive: true })
  const pid = opts.pid ?? process.pid
  const lock = join(root, 'lock')
  takeLock(lock, dir, pid, opts.isAlive ?? isProcessAlive)
  const file = (name: string) => join(root, name)
  return {
    dir: root,
    // All or nothing: a task dropped here would read as undeployed and have its container removed.
    loadTasks: () => {
      const raw = readJson(file('tasks.json'))
      const parsed = Array.isArray(raw) ? raw.map((t) => Task.safeParse(t)) : []
      if (!Array.isArray(raw) || !parsed.every((p) => p.success)) return undefined
      return parsed.flatMap((p) => (p.success ? [p.data] : []))
    },
    saveTasks: (tasks) => writeJsonAtomic(file('tasks.json'), tasks),
    loadPorts: () => (readJson(file('ports.json')) ?? {}) as PortAllocations,
    savePorts: (ports) => writeJsonAtomic(file('ports.json'), ports),
    loadPending: () => (readJson(file('pending-status.json')) ?? {}) as Record<string, Task>,
    savePending: (pending) => writeJsonAtomic(file('pending-status.json'), pending),
    loadPendingEvents: () => {
      const raw = readJson(file('pending-events.json'))
      return Array.isArray(raw) ? raw : []
    },
    savePendingEvents: (events) => writeJsonAtomic(file('pending-events.json'), events),
    release: () => {
      if (readPid(lock) === pid) rmSync(lock, { force: true })
    },
  }
}

function takeLock(lock: string, dir: string, pid: number, isAlive: (pid: number) => boolean): void {
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx')
      writeSync(fd, `${pid}\n`)
      closeSync(fd)
      return
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const holder = readPid(lock) ?? readPidAfter(lock, 200)
    // A lock naming our own pid is stale too: the pid was reused (e.g. PID 1 in a restarted container).
    if (holder !== undefined && holder !== pid && isAlive(holder)) throw new StateDirLockedError(dir, holder)
    // Another agent may take over the same stale lock: only one of the two `wx` opens wins.
    if (attempt > 0) throw new StateDirLockedError(dir, holder ?? 0)
    rmSync(lock, { force: true })
  }
}

function readPid(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

// An empty lock file may be one another agent has just created and not yet written.
function readPidAfter(lock: string, ms: number): number | undefined {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
  return readPid(lock)
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The JSON in `path`; undefined when it is missing or not JSON. */
export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

/** Readers see the old file or the new one, never half of one, even across a crash. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, `${JSON.stringify(value, null, 1)}\n`)
}

/**
 * As writeJsonAtomic; the temp file is a dotfile, which directory watchers such as dnsmasq's --hostsdir skip. Its name
 * is random and it is created exclusively without following links (the agent runs as root: a link planted at a
 * predictable temp path would have it overwrite any file).
 */
export function writeTextAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(8).toString('hex')}`)
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644)
  try {
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
}
