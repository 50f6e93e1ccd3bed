/** @module Read-only views of informer caches, and the write side controllers use (the apiserver over HTTP). */
import { type AnyObject, isNotFound, type Kind, type ObjectOf } from '../apis/index.js'

/** What a reconciler may read: a cache, never the server. */
export interface Lister<T> {
  get(name: string): T | undefined
  /** Every cached object, in a new array: only for reads that must see them all (the hosts a selector may match). */
  list(): T[]
  /** The cached objects filed under `value` in the index named `index` (indexes.ts); throws for an index not kept. */
  byIndex(index: string, value: string): T[]
}

/** Index functions by index name, as a cache keeps them (Informer.addIndexer). */
export type IndexFuncs<T> = Readonly<Record<string, (obj: T) => readonly string[]>>

/** What a reconciler may write: always the server, so every write is validated and compare-and-set. */
export interface Writer {
  create<K extends Kind>(kind: K, obj: unknown): Promise<ObjectOf<K>>
  /** `opts.jobToken`: the Job token a Deployment spec change needs (the Job's own `spec.token`). */
  update<K extends Kind>(kind: K, obj: AnyObject, opts?: { jobToken?: string }): Promise<ObjectOf<K>>
  updateStatus<K extends Kind>(kind: K, obj: AnyObject): Promise<ObjectOf<K>>
  /** `opts.jobToken`: the Job token a Deployment or Job delete needs (the Job's own `spec.token`). */
  delete<K extends Kind>(kind: K, name: string, opts?: { jobToken?: string }): Promise<ObjectOf<K>>
}

/**
 * A Lister over a fixed list, for tests: `byIndex` files with the same functions the informers keep (pass the
 * kind's, e.g. TASK_INDEXES), by scanning, and throws for an index it was not given, as an informer does.
 */
export const staticLister = <T extends { metadata: { name: string } }>(
  items: readonly T[],
  indexes: IndexFuncs<T> = {},
): Lister<T> => ({
  get: (name) => items.find((i) => i.metadata.name === name),
  list: () => [...items],
  byIndex(index, value) {
    const fn = Object.hasOwn(indexes, index) ? indexes[index] : undefined
    if (!fn) throw new Error(`no index "${index}"`)
    return items.filter((i) => fn(i).includes(value))
  },
})

/** For `.catch()` on a delete: an object already gone is what the delete wanted. */
export function ignoreNotFound(err: unknown): undefined {
  if (isNotFound(err)) return undefined
  throw err
}
