/** @module Terminal styling decided once per run: colours only on a terminal and never with NO_COLOR. */
import pc from 'picocolors'

export type Colors = ReturnType<typeof pc.createColors>

/** Whether stdout gets colours: a terminal, and NO_COLOR unset or empty (no-color.org); FORCE_COLOR forces. */
export function wantsColor(stdoutIsTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return stdoutIsTTY && env.TERM !== 'dumb'
}

/** picocolors functions that colour when `enabled` and return text unchanged otherwise. */
export const colors = (enabled: boolean): Colors => pc.createColors(enabled)
