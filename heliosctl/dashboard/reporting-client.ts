/** @module A client wrapper that tells, per kind, whether the last list or watch reached the apiserver. */
import type { Kind, ListBody, ObjectOf, WatchEvent } from '../../apis/index.js'
import type { InformerClient, ListOptions, WatchOptions } from '../../client/index.js'

/** Called with no error after a list succeeded or a watch's first line came, with the error after a list or watch failed. */
export type Report = (kind: Kind, error?: unknown) => void

/** `client` as an informer sees it, reporting every list outcome, each watch's first line and every watch failure (not aborts). */
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
        let reached = false
        for await (const event of client.watch(kind, opts)) {
          // A watch resumed after a failure lists nothing: its first line says the apiserver is back.
          if (!reached && event.type !== 'ERROR') report(kind)
          reached = true
          yield event
        }
      } catch (err) {
        if (!opts.signal?.aborted) report(kind, err)
        throw err
      }
    },
  }
}
