/** @module Test helper: heliosctl in-process while it runs (`get -w`, `wait`), with live stdout and an abort. */
import type { Clock } from '../../client/index.js'
import type { CliResult } from './cli.js'
import { heliosctl } from './cli.js'

export interface RunningCli {
  /** Resolves once stdout contains `text` (rejects after 5 s, showing what was printed). */
  printed(text: string | RegExp): Promise<void>
  stdout(): string
  /** Aborts ctx.signal (as Ctrl-C does) and resolves with the result. */
  stop(): Promise<CliResult>
  /** The result when the verb ends by itself. */
  done: Promise<CliResult>
}

/** Starts `heliosctl --server <server> ...argv` without waiting for it to end. */
export function startHeliosctl(server: string, argv: string[], opts: { clock?: Clock } = {}): RunningCli {
  const abort = new AbortController()
  let out = ''
  const waiters = new Set<() => void>()
  const done = heliosctl(server, argv, {
    ...opts,
    signal: abort.signal,
    onStdout: (text) => {
      out += text
      for (const check of waiters) check()
    },
  })
  return {
    stdout: () => out,
    done,
    stop: () => {
      abort.abort()
      return done
    },
    printed: (text) =>
      new Promise((resolve, reject) => {
        const has = () => (typeof text === 'string' ? out.includes(text) : text.test(out))
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`stdout never showed ${String(text)}; it has:\n${out}`))
        }, 5000)
        const check = () => {
          if (!has()) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
        check()
        void done.then(check)
      }),
  }
}
