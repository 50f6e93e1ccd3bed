/** @module Starts every cluster controller against an apiserver URL; used by the apiserver's main. */
import { HeliosClient, type Log } from '../client/index.js'
import { runDeploymentController } from './deployment/controller.js'
import { runEndpointsController } from './endpoints/controller.js'
import { runHostHealthController } from './host-health/controller.js'
import { sharedInformers } from './informers.js'
import { runJobController } from './job/controller.js'

/** Starts the controllers in the background; the returned function stops them. */
export async function startControllers(opts: {
  server: string
  log: Log
  /** Seconds without a heartbeat before a Host is DOWN (default HOST_LEASE_SECONDS). */
  hostLeaseSeconds?: number
  /** Bearer token for an apiserver with auth on (the apiserver's in-memory admin token). */
  token?: string
}): Promise<() => Promise<void>> {
  const client = new HeliosClient(opts.server, { token: opts.token })
  const abort = new AbortController()
  const informers = sharedInformers(client, opts.log)
  const running = informers.start(abort.signal).then(() => {
    opts.log('info', 'controllers synced and running')
    const loops = [runDeploymentController, runHostHealthController, runJobController, runEndpointsController].map(
      (run) => run({ client, informers, signal: abort.signal, log: opts.log, leaseSeconds: opts.hostLeaseSeconds }),
    )
    return Promise.all(loops)
  })
  // Owned here: in the apiserver's process an unhandled rejection would end it, watches and all.
  running.catch((error: unknown) => opts.log('error', 'controllers stopped on an error', { error: String(error) }))
  return async () => {
    abort.abort()
    await running.catch(() => {})
  }
}
