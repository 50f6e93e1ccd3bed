/** @module Log: structured logging, one JSON object per line; components get a Log, only main.ts picks the sink. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

/** Same shape as client/'s Log, so main.ts hands one function to the apiserver and the controllers. */
export type Log = (level: LogLevel, msg: string, fields?: LogFields) => void

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

// Errors do not survive JSON.stringify; keep what an operator needs.
const plain = (value: unknown): unknown =>
  value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value

/** A Log writing `{"time","level","msg",...fields}` lines through `write`, dropping levels below `minLevel`. */
export function jsonLog(write: (line: string) => void, minLevel: LogLevel = 'info', now = () => new Date()): Log {
  return (level, msg, fields = {}) => {
    if (RANK[level] < RANK[minLevel]) return
    const entries = Object.entries(fields).map(([k, v]) => [k, plain(v)])
    write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...Object.fromEntries(entries) })}\n`)
  }
}

/** Discards everything (tests). */
export const silentLog: Log = () => {}
