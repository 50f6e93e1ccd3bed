/** @module One line of `heliosctl logs` output: as the container wrote it, or prefixed `[label] ` when several are printed together. */
import type { Colors } from './style.js'

export function logLine(line: string, label: string | undefined, colors: Colors): string {
  return label === undefined ? line : `${colors.cyan(`[${label}]`)} ${line}`
}
