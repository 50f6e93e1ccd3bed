/** @module Indexer: a cache of objects by name plus client-go's named indexes (objects by the values a function derives). */

/** The values an object is filed under in one index (none: it is in no bucket of that index). */
export type IndexFunc<T> = (obj: T) => readonly string[]

type Bucket<T> = Map<string, T>

/**
 * Every index is kept up to date on each put and remove, so `byIndex` answers from one bucket without looking at the
 * rest of the cache. Objects are stored as given (the informer freezes them): the arrays answered are new, the
 * objects in them are the shared ones.
 */
export class Indexer<T extends { metadata: { name: string } }> {
  private readonly items = new Map<string, T>()
  private readonly funcs = new Map<string, IndexFunc<T>>()
  private readonly indexes = new Map<string, Map<string, Bucket<T>>>()

  /** Adds an index, filed at once from what the cache holds; a name is registered once. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.funcs.has(name)) throw new Error(`index "${name}" is already registered`)
    const index = new Map<string, Bucket<T>>()
    for (const obj of this.items.values()) file(index, valuesOf(fn, obj), obj)
    this.funcs.set(name, fn)
    this.indexes.set(name, index)
  }

  get(name: string): T | undefined {
    return this.items.get(name)
  }

  list(): T[] {
    return [...this.items.values()]
  }

  names(): IterableIterator<string> {
    return this.items.keys()
  }

  /** The objects filed under `value` in index `index`; throws for an index never registered (a typo finds nothing). */
  byIndex(index: string, value: string): T[] {
    const buckets = this.indexes.get(index)
    if (!buckets) throw new Error(`no index "${index}"`)
    const bucket = buckets.get(value)
    return bucket ? [...bucket.values()] : []
  }

  /** Stores `obj` in place of the object of its name, moving it between buckets; answers the object replaced. */
  put(obj: T): T | undefined {
    const name = obj.metadata.name
    const old = this.items.get(name)
    // Every value is computed before anything changes, so an index function that throws leaves the cache whole.
    const changes = [...this.funcs].map(([index, fn]) => ({
      buckets: this.indexes.get(index) as Map<string, Bucket<T>>,
      before: old ? valuesOf(fn, old) : new Set<string>(),
      after: valuesOf(fn, obj),
    }))
    this.items.set(name, obj)
    for (const { buckets, before, after } of changes) {
      for (const value of before) if (!after.has(value)) unfile(buckets, value, name)
      file(buckets, after, obj)
    }
    return old
  }

  /** Removes the object of `name` from the cache and every index; answers it (undefined when it was unknown). */
  remove(name: string): T | undefined {
    const old = this.items.get(name)
    if (!old) return undefined
    this.items.delete(name)
    for (const [index, fn] of this.funcs) {
      const buckets = this.indexes.get(index) as Map<string, Bucket<T>>
      for (const value of valuesOf(fn, old)) unfile(buckets, value, name)
    }
    return old
  }
}

const valuesOf = <T>(fn: IndexFunc<T>, obj: T): Set<string> => new Set(fn(obj))

function file<T extends { metadata: { name: string } }>(buckets: Map<string, Bucket<T>>, values: Set<string>, obj: T) {
  for (const value of values) {
    let bucket = buckets.get(value)
    if (!bucket) {
      bucket = new Map()
      buckets.set(value, bucket)
    }
    bucket.set(obj.metadata.name, obj)
  }
}

function unfile<T>(buckets: Map<string, Bucket<T>>, value: string, name: string): void {
  const bucket = buckets.get(value)
  if (!bucket) return
  bucket.delete(name)
  if (bucket.size === 0) buckets.delete(value)
}
