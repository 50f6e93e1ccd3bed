/** @module Error text for stderr: `error:` line, one `→` line per cause, a hint for known cases, a stack with -v. */
import { ApiError, type Cause } from '../../apis/index.js'
import type { Target } from '../config/server-target.js'
import { UsageError } from '../usage-error.js'
import { hintFor } from './error-hints.js'
import { oneLine } from './terminal-text.js'

export interface ErrorTextOptions {
  verbose?: boolean
  /** The server this run used and where it came from, for the hint of an unreachable server or a 401. */
  target?: Target
}

/** The lines `exitWithError` prints, each ending in a newline. */
export function formatError(err: unknown, opts: ErrorTextOptions = {}): string {
  const message = err instanceof Error ? err.message : String(err)
  // A Status body is the server's (or a stored object's) text: one line each, so it cannot pose as a hint.
  const lines = [`error: ${err instanceof ApiError ? oneLine(message) : message}`]
  if (err instanceof ApiError) {
    for (const cause of err.causes) {
      if (!repeats(message, cause)) lines.push(`  → ${oneLine(cause.field)}: ${oneLine(cause.message)}`)
    }
    const hint = hintFor(err, opts.target)
    if (hint) lines.push(`hint: ${hint}`)
  }
  if (err instanceof UsageError) lines.push('hint: add --help for usage')
  if (opts.verbose) lines.push(...stacks(err))
  return lines.map((line) => `${line}\n`).join('')
}

// fromZodError already puts the first cause in the message; saying it twice is noise.
function repeats(message: string, cause: Cause): boolean {
  return message.includes(`${cause.field}: ${cause.message}`) || (!cause.field && message.includes(cause.message))
}

function stacks(err: unknown): string[] {
  const out: string[] = []
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    out.push(out.length === 0 ? (e.stack ?? e.message) : `caused by: ${e.stack ?? e.message}`)
  }
  return out
}
