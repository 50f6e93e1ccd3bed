/**
 * @module Measurement (not a test): one reconcile of a large (1,000 hosts) and of a small (10 hosts) Deployment with
 * 10,010 Tasks / 1,000 Hosts / 11 Deployments in the caches, and the keys the deployment controller enqueues for 1,000 heartbeats and 1,000 Task status reports.
 * Run: `npx tsx controllers/testing/measure-scale.ts`.
 */
import type { AnyObject } from '../../apis/index.js'
import { type HeliosClient, WorkQueue } from '../../client/index.js'
import { FakeWatchServer } from '../../client/testing/fake-watch-server.js'
import { runDeploymentController } from '../deployment/controller.js'
import { deploymentReconciler } from '../deployment/reconcile.js'
import { sharedInformers } from '../informers.js'
import type { Writer } from '../lister.js'
import { converged, FLEET_T0, fleet, fleetJob, heartbeat } from './fleet.js'

const HOSTS_OF_SMALL = Array.from({ length: 10 }, (_, i) => `h${i}`)

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
  // One more Deployment of 10 named hosts: what one pass over a small Deployment costs in a large cluster.
  const smallJob = fleetJob('small:v1')
  const small = converged('small', smallJob, { hosts: HOSTS_OF_SMALL }, HOSTS_OF_SMALL)
  const stored = {
    hosts: objects.hosts.map((h) => server.set(h)),
    tasks: objects.tasks.map((t) => server.set(t)),
  }
  for (const t of small.tasks) server.set(t)
  for (const o of [...objects.jobs, ...objects.deployments, smallJob, small.deployment] as AnyObject[]) server.set(o)
  const abort = new AbortController()
  const informers = sharedInformers(server as unknown as HeliosClient, () => {})
  await informers.start(abort.signal)

  const reconciler = deploymentReconciler({ ...informers, writer, clock: { now: () => FLEET_T0 + 60_000 } })
  for (const name of ['d0', 'small']) {
    const wall: number[] = []
    const cpu: number[] = []
    for (let i = 0; i < 110; i++) {
      const start = performance.now()
      const used = process.cpuUsage()
      await reconciler.reconcile(`Deployment/${name}`, abort.signal)
      const spent = process.cpuUsage(used)
      if (i < 10) continue
      wall.push(performance.now() - start)
      cpu.push((spent.user + spent.system) / 1000)
    }
    const at = (xs: number[], q: number) => (xs.sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? 0).toFixed(2)
    const what = `reconcile Deployment/${name} (${informers.tasks.list().length} Tasks, 1,000 Hosts, 11 Deployments)`
    console.log(`${what}: wall min ${at(wall, 0)} median ${at(wall, 0.5)} ms; cpu median ${at(cpu, 0.5)} ms`)
  }

  let keys = 0
  // Only what the handlers enqueue counts: not the reconciles' requeues (dropped here) nor done()'s re-adds.
  WorkQueue.prototype.addAfter = () => {}
  let inDone = false
  const { add, done } = WorkQueue.prototype
  WorkQueue.prototype.done = function (this: WorkQueue, key: string) {
    inDone = true
    done.call(this, key)
    inDone = false
  }
  WorkQueue.prototype.add = function (this: WorkQueue, key: string) {
    if (key.startsWith('Deployment/') && !inDone) keys++
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
