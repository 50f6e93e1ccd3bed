/** @module One shared informer per kind for every controller in this process. */
import type { Kind } from '../apis/index.js'
import { type HeliosClient, Informer, type Log } from '../client/index.js'

export interface SharedInformers {
  jobs: Informer<'Job'>
  deployments: Informer<'Deployment'>
  hosts: Informer<'Host'>
  tasks: Informer<'Task'>
  /** Starts every informer; resolves once all have listed (workers must not start before). */
  start(signal: AbortSignal): Promise<void>
}

export function sharedInformers(client: HeliosClient, log: Log): SharedInformers {
  const make = <K extends Kind>(kind: K) => new Informer(client, kind, { log })
  const informers = { jobs: make('Job'), deployments: make('Deployment'), hosts: make('Host'), tasks: make('Task') }
  return {
    ...informers,
    async start(signal) {
      const all = Object.values(informers)
      for (const informer of all) void informer.run(signal)
      await Promise.all(all.map((i) => i.waitForSync()))
    },
  }
}
