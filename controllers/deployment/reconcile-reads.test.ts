import { describe, expect, test } from 'vitest'
import { type AnyObject, type Deployment, type Task, withHandedOver } from '../../apis/index.js'
import { DEPLOYMENT_INDEXES, TASK_INDEXES } from '../indexes.js'
import { type Lister, staticLister, type Writer } from '../lister.js'
import { converged, FLEET_T0, fleet, fleetHost, fleetJob } from '../testing/fleet.js'
import { deploymentReconciler } from './reconcile.js'

/** A Lister that refuses list() and records every index read. */
function indexOnly<T extends { metadata: { name: string } }>(lister: Lister<T>, reads: string[]): Lister<T> {
  return {
    get: (name) => lister.get(name),
    list: () => {
      throw new Error('list() of every object: read through an index')
    },
    byIndex: (index, value) => {
      reads.push(`${index}=${value}`)
      return lister.byIndex(index, value)
    },
  }
}

function cluster(opts: { deployments: Deployment[]; tasks: Task[]; hosts?: number; jobs?: string[] }) {
  const writes: string[] = []
  const written: AnyObject[] = []
  const record = (verb: string) => async (kind: string, obj: unknown) => {
    const name = typeof obj === 'string' ? obj : (obj as AnyObject).metadata.name
    if (kind !== 'Event') writes.push(`${verb} ${kind}/${name}`)
    if (typeof obj !== 'string') written.push(obj as AnyObject)
    return obj as never
  }
  const writer: Writer = {
    create: record('create'),
    update: record('update'),
    updateStatus: record('status'),
    delete: record('delete'),
  }
  const reads = { tasks: [] as string[], deployments: [] as string[] }
  const hosts = Array.from({ length: opts.hosts ?? 10 }, (_, i) => fleetHost(`h${i}`, { role: 'fleet' }))
  const reconciler = deploymentReconciler({
    deployments: indexOnly(staticLister(opts.deployments, DEPLOYMENT_INDEXES), reads.deployments),
    jobs: staticLister((opts.jobs ?? ['web:v1', 'web:v2', 'j0:v1', 'j1:v1', 'j2:v1']).map((j) => fleetJob(j))),
    hosts: staticLister(hosts),
    tasks: indexOnly(staticLister(opts.tasks, TASK_INDEXES), reads.tasks),
    writer,
    clock: { now: () => FLEET_T0 + 60_000 },
  })
  const run = (name: string) => reconciler.reconcile(`Deployment/${name}`, new AbortController().signal)
  return { run, writes, written, reads }
}

describe('a deployment reconcile reads through the indexes only', () => {
  test('its own Tasks, its Job’s, and for replicas the Tasks of the hosts it weighs; never every Task or Deployment', async () => {
    const base = fleet({ hosts: 10, deployments: 3 })
    const web = fleetJob('web:v1', { resources: { memory: 2 ** 20 } })
    const replicas = converged('rep', web, { replicas: 3 }, ['h1', 'h2'])
    const c = cluster({
      deployments: [...base.deployments, replicas.deployment],
      tasks: [...base.tasks, ...replicas.tasks],
    })
    for (const name of ['d0', 'd1', 'rep', 'gone']) await c.run(name)
    const asked = new Set(c.reads.tasks)
    expect(asked).toContain('deployment=d0')
    expect(asked).toContain('job=j0:v1')
    // The replica Deployment misses one replica: it weighs the candidates' load, host by host.
    expect(asked).toContain('host=h0')
    expect([...asked].filter((r) => r.startsWith('deployment=')).sort()).toEqual([
      'deployment=d0',
      'deployment=d1',
      'deployment=gone',
      'deployment=rep',
    ])
    expect(c.writes.filter((w) => w.startsWith('create'))).toHaveLength(1)
  })

  test('a settled replica Deployment weighs no host: all its replicas stay where they are', async () => {
    const web = fleetJob('web:v1')
    const replicas = converged('rep', web, { replicas: 2 }, ['h1', 'h2'])
    const c = cluster({ deployments: [replicas.deployment], tasks: replicas.tasks })
    await c.run('rep')
    expect(c.reads.tasks.filter((r) => r.startsWith('host='))).toEqual([])
    expect(c.writes.filter((w) => !w.startsWith('status'))).toEqual([])
  })
})

describe('migrate through the indexes: the Deployment a hand deploy hands hosts to is found by name', () => {
  const imperative = (moving: Record<string, string>) =>
    withHandedOver({ 'helios/imperative': 'true' }, moving) as Record<string, string>
  const handDeploy = (moving: Record<string, string>) => {
    const made = converged('web-v1', fleetJob('web:v1'), { hosts: ['h1', 'h9'], hostGoals: { h1: 'STOP' } }, [
      'h1',
      'h9',
    ])
    const deployment = {
      ...made.deployment,
      metadata: { ...made.deployment.metadata, annotations: imperative(moving) },
    }
    return { deployment, tasks: made.tasks }
  }

  test('not reclaimed while the taker exists, even rolled to another Job (not a user of this one any more)', async () => {
    const hand = handDeploy({ h1: 'grp' })
    const taker = converged('grp', fleetJob('web:v2'), { hostSelector: ['role=fleet'], rollout: { migrate: true } }, [])
    const c = cluster({ deployments: [hand.deployment, taker.deployment], tasks: hand.tasks })
    await c.run('web-v1')
    expect(c.writes.filter((w) => w.startsWith('update Deployment'))).toEqual([])
  })

  test('reclaimed once the taker is gone: the mark goes and its own goal applies there again', async () => {
    const hand = handDeploy({ h1: 'grp' })
    const c = cluster({ deployments: [hand.deployment], tasks: hand.tasks })
    await c.run('web-v1')
    expect(c.writes[0]).toBe('update Deployment/web-v1')
    const back = c.written[0] as Deployment
    expect(back.metadata.annotations['helios/migrating-to']).toBeUndefined()
    expect(back.spec.hostGoals).toBeUndefined()
  })
})
