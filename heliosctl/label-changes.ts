/** @module kubectl's label arguments: `k=v` sets, `k-` removes; changing a value needs --overwrite. Pure. */
import { UsageError } from './usage-error.js'

export interface LabelChanges {
  set: Record<string, string>
  remove: string[]
}

/** Parses `role=web`, `tier-`; anything else (`role`, `=web`) is a usage error. */
export function parseLabelArgs(args: readonly string[]): LabelChanges {
  const set: [string, string][] = []
  const remove: string[] = []
  for (const arg of args) {
    const eq = arg.indexOf('=')
    if (eq > 0) set.push([arg.slice(0, eq), arg.slice(eq + 1)])
    else if (eq < 0 && arg.length > 1 && arg.endsWith('-')) remove.push(arg.slice(0, -1))
    else throw new UsageError(`invalid label "${arg}": expected key=value to set or key- to remove`)
  }
  // fromEntries makes own properties even of `__proto__`, which an assignment would take as the prototype.
  const changes: LabelChanges = { set: Object.fromEntries(set), remove }
  const both = changes.remove.find((key) => Object.hasOwn(changes.set, key))
  if (both) throw new UsageError(`label "${both}" is both set and removed`)
  return changes
}

/**
 * The labels after `changes`, or an error naming a value that would change without `overwrite`. `inherited` are
 * labels the object has from elsewhere (a Host's agent reports its own in status): they count as set, and only a
 * value of the object's own can hide them, so removing one is an error that says so.
 */
export function applyLabels(
  labels: Readonly<Record<string, string>>,
  changes: LabelChanges,
  overwrite: boolean,
  inherited: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const next = { ...labels }
  for (const [key, value] of Object.entries(changes.set)) {
    const old = labels[key] ?? inherited[key]
    if (old !== undefined && old !== value && !overwrite)
      throw new Error(`'${key}' already has a value (${old}), and --overwrite is false`)
    next[key] = value
  }
  for (const key of changes.remove) {
    if (inherited[key] !== undefined && labels[key] === undefined)
      throw new Error(`'${key}' is the agent's own label (helios-agent --label); set another value with --overwrite`)
    delete next[key]
  }
  return next
}
