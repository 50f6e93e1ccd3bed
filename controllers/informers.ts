/** @module One shared informer per kind for every controller in this process, with the indexes they read through. */
import type { Kind, ObjectOf } from '../apis/index.js'
import { type Clock, type HeliosClient, Informer, type InformerClient, type Log } from '../client/index.js'
import { DEPLOYMENT_INDEXES, TASK_INDEXES } from './indexes.js'
import type { IndexFuncs } from './lister.js'

export interface SharedInformers {
  jobs: Informer<'Job'>
  deployments: Informer<'Deployment'>
  hosts: Informer<'Host'>
  tasks: Informer<'Task'>
  endpoints: Informer<'Endpoints'>
  /** Starts every informer; resolves once all have listed (workers must not start before). */
  start(signal: AbortSignal): Promise<void>
}

/** What every controller loop is started with. */
export interface ControllerOptions {
  client: HeliosClient
  informers: SharedInformers
  signal: AbortSignal
  log: Log
}

export function sharedInformers(client: InformerClient, log: Log, clock?: Clock): SharedInformers {
  const make = <K extends Kind>(kind: K) => new Informer(client, kind, { log, ...(clock && { clock }) })
  const informers = {
    jobs: make('Job'),
    deployments: indexed(make('Deployment'), DEPLOYMENT_INDEXES),
    hosts: make('Host'),
    tasks: indexed(make('Task'), TASK_INDEXES),
    endpoints: make('Endpoints'),
  }
  return {
    ...informers,
    async start(signal) {
      const all = Object.values(informers)
      for (const informer of all) void informer.run(signal)
      await Promise.all(all.map((i) => i.waitForSync()))
    },
  }
}

function indexed<K extends Kind>(informer: Informer<K>, indexes: IndexFuncs<ObjectOf<K>>): Informer<K> {
  for (const [name, fn] of Object.entries(indexes)) informer.addIndexer(name, fn)
  return informer
}
