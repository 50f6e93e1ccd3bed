/** @module Read-only views of informer caches, and the write side controllers use (the apiserver over HTTP). */
import type { AnyObject, Kind, ObjectOf } from '../apis/index.js'

/** What a reconciler may read: a cache, never the server. */
export interface Lister<T> {
  get(name: string): T | undefined
  list(): T[]
}

/** What a reconciler may write: always the server, so every write is validated and compare-and-set. */
export interface Writer {
  create<K extends Kind>(kind: K, obj: unknown): Promise<ObjectOf<K>>
  /** `opts.jobToken`: the Job token a Deployment spec change needs (the Job's own `spec.token`). */
  update<K extends Kind>(kind: K, obj: AnyObject, opts?: { jobToken?: string }): Promise<ObjectOf<K>>
  updateStatus<K extends Kind>(kind: K, obj: AnyObject): Promise<ObjectOf<K>>
  /** `opts.jobToken`: the Job token a Deployment or Job delete needs (the Job's own `spec.token`). */
  delete<K extends Kind>(kind: K, name: string, opts?: { jobToken?: string }): Promise<ObjectOf<K>>
}

/** A Lister over a fixed list, for tests. */
export const staticLister = <T extends { metadata: { name: string } }>(items: T[]): Lister<T> => ({
  get: (name) => items.find((i) => i.metadata.name === name),
  list: () => items,
})
