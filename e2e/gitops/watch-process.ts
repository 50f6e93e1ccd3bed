// `heliosctl apply --watch` as a background process of the scenario: its stdout as lines, signals, and its exit.
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT, waitFor } from '../harness.js'

export interface WatchProcess {
  /** Every complete stdout line so far. */
  lines(): string[]
  /** Waits for a new stdout line (after `after` lines) matching `pattern`; the timeout error shows the output. */
  waitLine(pattern: RegExp, opts: { after: number; timeoutMs?: number }): Promise<string>
  /** Sends SIGINT and resolves with the exit code (null when killed by a signal). */
  interrupt(): Promise<number | null>
  /** SIGKILL if still running (afterAll). */
  kill(): void
}

/** Starts `node dist/heliosctl/main.js ARGS` with HELIOS_SERVER=server and no colours. */
export function startWatch(server: string, args: string[]): WatchProcess {
  const child: ChildProcess = spawn(process.execPath, [join(REPO_ROOT, 'dist/heliosctl/main.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, HELIOS_SERVER: server, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const lines = () => stdout.split('\n').slice(0, -1)
  const running = () => child.exitCode === null && child.signalCode === null
  return {
    lines,
    waitLine: (pattern, { after, timeoutMs = 60_000 }) =>
      waitFor(
        async () => {
          const found = lines()
            .slice(after)
            .find((l) => pattern.test(l))
          if (found) return found
          if (!running()) throw new Error(`heliosctl exited (${child.exitCode}); stderr: ${stderr}`)
          throw new Error(`no line ${pattern} after line ${after}; stdout:\n${stdout}stderr: ${stderr}`)
        },
        { timeoutMs, intervalMs: 200, what: `heliosctl apply --watch to print ${pattern}` },
      ),
    interrupt: async () => {
      child.kill('SIGINT')
      return exited
    },
    kill: () => {
      if (running()) child.kill('SIGKILL')
    },
  }
}
