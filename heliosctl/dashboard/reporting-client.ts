/** @module A client wrapper that tells, per kind, whether the last list or watch reached the apiserver. */
import type { Kind, ListBody, ObjectOf, WatchEvent } from '../../apis/index.js'
import type { InformerClient, ListOptions, WatchOptions } from '../../client/index.js'

/** Called with no error after a list succeeded, with the error after a list or watch failed. */
export type Report = (kind: Kind, error?: unknown) => void

/** `client` as an informer sees it, reporting every list outcome and every watch failure (not aborts). */
export function reportingClient(client: InformerClient, report: Report): InformerClient {
  return {
    async list<K extends Kind>(kind: K, opts?: ListOptions): Promise<ListBody<ObjectOf<K>>> {
      try {
        const list = await client.list(kind, opts)
        report(kind)
        return list
      } catch (err) {
        report(kind, err)
        throw err
      }
    },
    async *watch<K extends Kind>(kind: K, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<ObjectOf<K>>> {
      try {
        yield* client.watch(kind, opts)
      } catch (err) {
        if (!opts.signal?.aborted) report(kind, err)
        throw err
      }
    },
  }
}
