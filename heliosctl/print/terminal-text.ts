/** @module Text bound for a terminal: the one place heliosctl's output is made inert (terminalWriter), and its own escapes marked. */
import { randomBytes } from 'node:crypto'
import type { Writer } from '../context.js'

// Characters a terminal acts on or that reorder what it shows: C0 (but newline and tab), DEL, C1, the bidi
// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C).
// ESC is among them, so every ANSI/OSC/DCS sequence in data becomes visible text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, plus newline and tab
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const SHORT: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' }
/** `\u001b` for ESC, `\n` for a newline: JSON's and YAML's escapes, so a JSON line stays the same JSON once escaped. */
const escapeChar = (c: string): string => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** `text` with every unsafe character written as its `\uXXXX` escape; newline and tab kept. */
export const inert = (text: string): string => text.replace(UNSAFE, escapeChar)

/** inert, and newline and tab escaped too: a value that must stay on its line (a table cell, a describe value). */
export const oneLine = (text: string): string => text.replace(UNSAFE_IN_LINE, escapeChar)

/** True when `text` holds a character `inert` would escape (tab included, for YAML's quoting). */
export const hasUnsafe = (text: string): boolean => /[\t]/.test(text) || text.search(UNSAFE) >= 0

// heliosctl's own escape codes (colours, the spinner's line erase, a screen clear) are written as markers that
// hold a random per-process nonce; the writer turns only those back into control characters. Data cannot
// forge one: it was stored before this process picked its nonce.
const NONCE = randomBytes(12).toString('hex')
const MARK = `\uE000${NONCE}`
const OWN_ESC = `${MARK}e`
const OWN_CR = `${MARK}r`
const EXACT_OPEN = `${MARK}<`
const EXACT_CLOSE = `${MARK}>`

/** One of heliosctl's own terminal sequences (e.g. `\x1b[2K`), passed through the writer as written. */
export const ownSequence = (sequence: string): string => sequence.replaceAll('\x1b', OWN_ESC).replaceAll('\r', OWN_CR)

/**
 * `text` passed through the writer unchanged: only for output that is raw by contract, as a container's
 * own log lines (kubectl logs prints them raw too).
 */
export const exact = (text: string): string => `${EXACT_OPEN}${text}${EXACT_CLOSE}`

/** What the terminal gets for `text`: data made inert, heliosctl's own sequences restored, exact parts as they are. */
export function renderForTerminal(text: string): string {
  let out = ''
  let rest = text
  for (;;) {
    const open = rest.indexOf(EXACT_OPEN)
    const plain = open < 0 ? rest : rest.slice(0, open)
    out += inert(plain).replaceAll(OWN_ESC, '\x1b').replaceAll(OWN_CR, '\r')
    if (open < 0) return out
    const close = rest.indexOf(EXACT_CLOSE, open)
    const end = close < 0 ? rest.length : close
    out += rest.slice(open + EXACT_OPEN.length, end)
    rest = close < 0 ? '' : rest.slice(close + EXACT_CLOSE.length)
  }
}

const RAW = Symbol('raw stream')

/**
 * `out` with every write rendered for a terminal: the single choke point of stdout and stderr (runCli wraps
 * both), so no printer can forget it. Other properties (isTTY, columns, events) are the stream's own;
 * rawStream() gives the stream back to code that draws with escapes of its own (the Ink dashboard).
 */
export function terminalWriter<W extends Writer>(out: W): W {
  if ((out as { [RAW]?: Writer })[RAW]) return out
  const write = (text: unknown, ...rest: unknown[]) =>
    (out.write as (...args: unknown[]) => unknown)(typeof text === 'string' ? renderForTerminal(text) : text, ...rest)
  return new Proxy(out, {
    get(target, prop) {
      if (prop === RAW) return target
      if (prop === 'write') return write
      const value = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** The stream under a terminalWriter (or `out` itself). */
export const rawStream = <W extends Writer>(out: W): W => ((out as { [RAW]?: W })[RAW] ?? out) as W
