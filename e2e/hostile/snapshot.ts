/** @module Every stored object, read through the API, and the precise difference between two such snapshots. */
import { API, KIND_OF, PLURALS } from './targets.js'

export type Obj = Record<string, unknown> & { kind: string; metadata: { name: string } }
/** Objects by `Kind/name`. */
export type Snapshot = ReadonlyMap<string, Obj>

/** Lists every kind (with `authorization` when the API needs a token) into one map. Throws on any non-200. */
export async function takeSnapshot(url: string, authorization?: string): Promise<Snapshot> {
  const headers: Record<string, string> = authorization ? { authorization } : {}
  const lists = await Promise.all(
    PLURALS.map(async (plural) => {
      const res = await fetch(`${url}${API}/${plural}`, { headers })
      const text = await res.text()
      if (res.status !== 200) throw new Error(`snapshot: GET ${plural} answered ${res.status}: ${text.slice(0, 500)}`)
      return { kind: KIND_OF[plural], items: (JSON.parse(text) as { items: Obj[] }).items }
    }),
  )
  const all = new Map<string, Obj>()
  for (const { kind, items } of lists) for (const o of items) all.set(`${kind}/${o.metadata.name}`, o)
  return all
}

export interface Change {
  kind: string
  name: string
  op: 'added' | 'removed' | 'changed'
  before?: Obj
  after?: Obj
  /** For `changed`: the paths whose values differ (a whole subtree when it appeared or vanished). */
  paths: string[][]
}

/** What differs from `before` to `after`, object by object. */
export function diff(before: Snapshot, after: Snapshot): Change[] {
  const changes: Change[] = []
  for (const [key, b] of before) {
    const a = after.get(key)
    const { kind } = b
    const name = b.metadata.name
    if (!a) changes.push({ kind, name, op: 'removed', before: b, paths: [] })
    else {
      const paths = differingPaths(b, a, [])
      if (paths.length > 0) changes.push({ kind, name, op: 'changed', before: b, after: a, paths })
    }
  }
  for (const [key, a] of after) {
    if (!before.has(key)) changes.push({ kind: a.kind, name: a.metadata.name, op: 'added', after: a, paths: [] })
  }
  return changes
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function differingPaths(b: unknown, a: unknown, at: string[]): string[][] {
  if (isRecord(b) && isRecord(a)) {
    const keys = new Set([...Object.keys(b), ...Object.keys(a)])
    return [...keys].flatMap((k) => differingPaths(b[k], a[k], [...at, k]))
  }
  return JSON.stringify(b) === JSON.stringify(a) ? [] : [at]
}

/** Whether `path` lies under one of `prefixes` (or is one). */
export const under = (path: readonly string[], prefixes: ReadonlyArray<readonly string[]>): boolean =>
  prefixes.some((p) => p.length <= path.length && p.every((k, i) => path[i] === k))

/** The value at `path` in `obj`. */
export const valueAt = (obj: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), obj)

/** The changes as text: one line per object and one per changed path, values cut short. */
export function describeChanges(changes: readonly Change[]): string {
  const show = (v: unknown) => {
    const s = v === undefined ? '(absent)' : JSON.stringify(v)
    return s.length > 200 ? `${s.slice(0, 200)}…` : s
  }
  return changes
    .map((c) => {
      const head = `  ${c.op} ${c.kind}/${c.name.length > 80 ? `${c.name.slice(0, 80)}…` : c.name}`
      if (c.op === 'added') return `${head}: ${show(c.after)}`
      if (c.op === 'removed') return `${head} (was ${show(c.before)})`
      const lines = c.paths.map(
        (p) => `    ${p.join('.')}: ${show(valueAt(c.before, p))} → ${show(valueAt(c.after, p))}`,
      )
      return [head, ...lines].join('\n')
    })
    .join('\n')
}
