/** @module The streams and client every verb receives (kubectl's IOStreams), so tests can pass buffers. */
import type { Clock, HeliosClient } from '../client/index.js'
import type { Colors } from './print/style.js'

export interface Writer {
  write(text: string): unknown
}

export interface Ctx {
  client: HeliosClient
  stdout: Writer
  stderr: Writer
  /** Read for `-f -` and for confirmation prompts. */
  stdin: AsyncIterable<string | Uint8Array>
  /** Whether stdin is an interactive terminal: only then do verbs ask for confirmation. */
  isTTY: boolean
  /** Whether stdout is a terminal: only then spinners, progress bars and redrawn lines; else plain lines. */
  stdoutIsTTY: boolean
  /** Colours for stdout text: identity functions unless stdout is a terminal and NO_COLOR is unset. */
  colors: Colors
  /** The process environment (HELIOS_*, NO_COLOR, HOME …); tests pass their own. */
  env: Record<string, string | undefined>
  /** Time for verbs that wait (rollout status, rolling-update, drain --wait); tests pass a fake one. */
  clock: Clock
  /** Aborted on SIGINT (and by tests): watching verbs (`get -w`, `wait`) end when it fires. */
  signal: AbortSignal
}

/** One verb: positional arguments and options in, exit code out; errors are thrown to main's exitWithError. */
export type Verb<A, O> = (ctx: Ctx, args: A, opts: O) => Promise<number>

/** Writes `text` plus a newline. */
export const println = (out: Writer, text = ''): void => {
  out.write(`${text}\n`)
}

/** Reads all of stdin as text. */
export async function readAll(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
  return text + decoder.decode()
}

/** Asks a yes/no question on stdout and reads one line; only "y"/"yes" count as yes (Helios' `[y/N]`). */
export async function confirm(ctx: Ctx, question: string): Promise<boolean> {
  ctx.stdout.write(`${question}\nDo you want to continue? [y/N]\n`)
  const decoder = new TextDecoder()
  let line = ''
  for await (const chunk of ctx.stdin) {
    line += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    if (line.includes('\n')) break
  }
  return /^y(es)?$/i.test(line.split('\n')[0]?.trim() ?? '')
}
