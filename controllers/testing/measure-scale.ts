/**
 * @module Measurement (not a test): one deployment reconcile with 10,000 Tasks / 1,000 Hosts / 10 Deployments in the
 * caches, and the keys the deployment controller enqueues for 1,000 heartbeats and 1,000 Task status reports.
 * Run: `npx tsx controllers/testing/measure-scale.ts`.
 */
import type { AnyObject } from '../../apis/index.js'
import { type HeliosClient, WorkQueue } from '../../client/index.js'
import { FakeWatchServer } from '../../client/testing/fake-watch-server.js'
import { runDeploymentController } from '../deployment/controller.js'
import { deploymentReconciler } from '../deployment/reconcile.js'
import { sharedInformers } from '../informers.js'
import type { Writer } from '../lister.js'
import { FLEET_T0, fleet, heartbeat } from './fleet.js'

const writer: Writer = {
  create: async (_kind, obj) => obj as never,
  update: async (_kind, obj) => obj as never,
  updateStatus: async (_kind, obj) => obj as never,
  delete: async (_kind, name) => ({ metadata: { name } }) as never,
}

async function settle(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 1))
}

async function main(): Promise<void> {
  const server = new FakeWatchServer()
  const objects = fleet({ hosts: 1000, deployments: 10 })
  const stored = {
    hosts: objects.hosts.map((h) => server.set(h)),
    tasks: objects.tasks.map((t) => server.set(t)),
  }
  for (const o of [...objects.jobs, ...objects.deployments] as AnyObject[]) server.set(o)
  const abort = new AbortController()
  const informers = sharedInformers(server as unknown as HeliosClient, () => {})
  await informers.start(abort.signal)

  const reconciler = deploymentReconciler({ ...informers, writer, clock: { now: () => FLEET_T0 + 60_000 } })
  const times: number[] = []
  for (let i = 0; i < 60; i++) {
    const start = performance.now()
    await reconciler.reconcile('Deployment/d0', abort.signal)
    if (i >= 10) times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)] ?? 0
  console.log(`reconcile Deployment/d0 (10,000 Tasks, 1,000 Hosts, 10 Deployments): median ${median.toFixed(2)} ms`)

  let keys = 0
  const add = WorkQueue.prototype.add
  WorkQueue.prototype.add = function (this: WorkQueue, key: string) {
    if (key.startsWith('Deployment/')) keys++
    add.call(this, key)
  }
  const client = { ...writer } as unknown as HeliosClient
  const running = runDeploymentController({ client, informers, signal: abort.signal, log: () => {} })
  await new Promise((resolve) => setTimeout(resolve, 200))

  keys = 0
  let last = ''
  for (const [i, host] of stored.hosts.entries())
    last = server.set(heartbeat(host, FLEET_T0 + 10_000 + i)).metadata.resourceVersion ?? ''
  await settle(() => informers.hosts.get('h999')?.metadata.resourceVersion === last)
  console.log(`1,000 heartbeats enqueued ${keys} Deployment keys`)

  keys = 0
  for (const task of stored.tasks.slice(0, 1000)) {
    const status = { ...task.status, updatedAt: new Date(FLEET_T0 + 20_000).toISOString() }
    last = server.set({ ...task, status } as AnyObject).metadata.resourceVersion ?? ''
  }
  const lastTask = stored.tasks[999]?.metadata.name ?? ''
  await settle(() => informers.tasks.get(lastTask)?.metadata.resourceVersion === last)
  console.log(`1,000 Task status reports enqueued ${keys} Deployment keys`)

  abort.abort()
  await running
}

await main()
