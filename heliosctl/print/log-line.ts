/** @module One line of `heliosctl logs` output: as the container wrote it, or prefixed `[label] ` when several are printed together. */
import type { Colors } from './style.js'
import { exact } from './terminal-text.js'

/**
 * The container's own output is printed raw, escape sequences and all, as `kubectl logs` and `docker logs` do:
 * it is what the workload wrote (pipe through `cat -v` to see it inert). The label is ours and made inert.
 */
export function logLine(line: string, label: string | undefined, colors: Colors): string {
  return label === undefined ? exact(line) : `${colors.cyan(`[${label}]`)} ${exact(line)}`
}
