/** @module Converges one service's Endpoints object to the endpoints its serving Tasks give: create, update or delete. */
import { isDeepStrictEqual } from 'node:util'
import {
  API_VERSION,
  type Endpoints,
  type EndpointsSpec,
  type Host,
  splitEndpointsName,
  splitKey,
  type Task,
} from '../../apis/index.js'
import type { Reconciler, Result } from '../../client/index.js'
import { TASKS_BY_SERVICE } from '../indexes.js'
import { ignoreNotFound, type Lister, type Writer } from '../lister.js'
import { desiredEndpoints } from './desired.js'

export function endpointsReconciler(deps: {
  /** Read through TASKS_BY_SERVICE (indexes.ts). */
  tasks: Lister<Task>
  hosts: Lister<Host>
  endpoints: Lister<Endpoints>
  writer: Writer
}): Reconciler {
  return {
    name: 'endpoints',
    async reconcile(key): Promise<Result> {
      const name = splitKey(key).name
      const endpoints = desiredEndpoints(name, deps.tasks.byIndex(TASKS_BY_SERVICE, name), (h) => deps.hosts.get(h))
      const current = deps.endpoints.get(name)
      if (endpoints.length === 0) {
        if (current) await deps.writer.delete('Endpoints', name).catch(ignoreNotFound)
        return {}
      }
      const spec: EndpointsSpec = { ...splitEndpointsName(name), endpoints }
      if (!current) {
        // An object the cache has not seen yet makes this a 409: the error requeues the key and we compare again.
        await deps.writer.create('Endpoints', { apiVersion: API_VERSION, kind: 'Endpoints', metadata: { name }, spec })
      } else if (!isDeepStrictEqual(current.spec, spec)) {
        await deps.writer.update('Endpoints', { ...current, spec })
      }
      return {}
    },
  }
}
