// Internal: kills the harness's child processes if the test process exits without stopping them.
import { readFileSync } from 'node:fs'

// One registry per process: vitest re-evaluates this module for each test file in the same fork.
const REGISTRY = Symbol.for('helios.e2e.cleanup')
type Registry = Set<() => void>

/** The process-wide set of kill functions, run once on process exit (errors ignored). */
export function cleanupRegistry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>
  let reg = g[REGISTRY]
  if (!reg) {
    const created: Registry = new Set()
    reg = created
    g[REGISTRY] = created
    process.once('exit', () => {
      for (const fn of created) {
        try {
          fn()
        } catch {
          // best effort
        }
      }
    })
  }
  return reg
}

/** SIGKILLs the process whose pid is in pidFile. */
export function killPidFile(pidFile: string): void {
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  if (pid > 0) process.kill(pid, 'SIGKILL')
}
