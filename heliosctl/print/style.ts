/** @module Terminal styling decided once per run: colours only on a terminal and never with NO_COLOR. */
import pc from 'picocolors'
import { ownSequence } from './terminal-text.js'

export type Colors = ReturnType<typeof pc.createColors>

/** Whether stdout gets colours: a terminal, and NO_COLOR unset or empty (no-color.org); FORCE_COLOR forces. */
export function wantsColor(stdoutIsTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return stdoutIsTTY && env.TERM !== 'dumb'
}

const PLACEHOLDER = '\uE001'

/**
 * picocolors functions that colour when `enabled` and return text unchanged otherwise. Their escape codes are
 * heliosctl's own (terminal-text.ts ownSequence), so the terminal writer keeps them while it makes the coloured
 * text itself inert.
 */
export function colors(enabled: boolean): Colors {
  const plain = pc.createColors(enabled)
  if (!enabled) return plain
  const marked = Object.entries(plain).map(([name, paint]) => {
    if (typeof paint !== 'function') return [name, paint]
    const [open = '', close = ''] = (paint as (s: string) => string)(PLACEHOLDER).split(PLACEHOLDER)
    return [name, (input: unknown) => `${ownSequence(open)}${String(input)}${ownSequence(close)}`]
  })
  return Object.fromEntries(marked) as Colors
}
