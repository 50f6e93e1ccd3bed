import { describe, expect, test } from 'vitest'
import { type AnyObject, ApiError, Deployment, Event, Host, type Task } from '../../apis/index.js'
import { staticLister, type Writer } from '../lister.js'
import { deploymentReconciler } from './reconcile.js'
import { deployment, job, T0 } from './rollout-fixture.js'

const up = (name: string) =>
  Host.parse({
    apiVersion: 'helios/v1',
    kind: 'Host',
    metadata: { name, labels: { role: 'web' } },
    status: { state: 'UP', lastHeartbeat: new Date(T0).toISOString() },
  })

/** sample-controller's fixture: seeded listers, one reconcile, the recorded writes. */
function fixture(opts: {
  deployments: Deployment[]
  tasks?: Task[]
  hosts?: string[]
  now?: number
  refuseEvents?: boolean
}) {
  const actions: string[] = []
  const written: AnyObject[] = []
  /** Events apart: `actions` are the Task and status writes, `events` the Events created after them. */
  const events: Event[] = []
  const order: string[] = []
  const record = (verb: string) => async (kind: string, obj: unknown) => {
    const name = typeof obj === 'string' ? obj : (obj as AnyObject).metadata.name
    order.push(`${verb} ${kind}`)
    if (kind === 'Event') {
      if (opts.refuseEvents) throw new ApiError('Forbidden', 'no events for you')
      events.push(Event.parse(obj))
      return obj as never
    }
    actions.push(`${verb} ${kind}/${name}`)
    if (typeof obj !== 'string') written.push(obj as AnyObject)
    return obj as never
  }
  const writer: Writer = {
    create: record('create'),
    update: record('update'),
    updateStatus: record('status'),
    delete: record('delete'),
  }
  const reconciler = deploymentReconciler({
    deployments: staticLister(opts.deployments),
    jobs: staticLister([job('web:v1'), job('web:v2')]),
    hosts: staticLister((opts.hosts ?? ['h1', 'h2', 'h3']).map(up)),
    tasks: staticLister(opts.tasks ?? []),
    writer,
    clock: { now: () => opts.now ?? T0 },
  })
  return {
    actions,
    written,
    events,
    order,
    run: () => reconciler.reconcile('Deployment/web', new AbortController().signal),
  }
}

/** What the apiserver would store and the agents report after `f` ran: parsed objects, Tasks RUNNING. */
function stored(f: ReturnType<typeof fixture>) {
  const tasks = f.written
    .filter((o) => o.kind === 'Task')
    .map((t) => ({
      ...(t as Task),
      status: {
        state: 'RUNNING' as const,
        jobId: (t as Task).spec.jobId,
        throttled: 'NO' as const,
        ports: {},
        updatedAt: '',
      },
    }))
  const status = f.written.find((o) => o.kind === 'Deployment')
  return { tasks, deployment: Deployment.parse(status) }
}

describe('deploymentReconciler', () => {
  test('creates the Tasks of a new Deployment at once and records a CREATED rollout and revision 1', async () => {
    const f = fixture({ deployments: [deployment({ hosts: ['h9'], hostSelector: ['role=web'] })] })
    expect(await f.run()).toEqual({ requeueAfterMs: 300_000 })
    expect(f.actions).toEqual([
      'create Task/web@h1',
      'create Task/web@h2',
      'create Task/web@h3',
      'create Task/web@h9',
      'status Deployment/web',
    ])
    const { deployment: d } = stored(f)
    expect(d.status).toMatchObject({ observedGeneration: 1, hosts: ['h1', 'h2', 'h3', 'h9'] })
    expect(d.status?.rollout).toMatchObject({ state: 'ROLLING_OUT', reason: 'CREATED', revision: 1 })
  })

  test('converges to DONE, then does nothing (level-triggered, status written only when changed)', async () => {
    const first = fixture({ deployments: [deployment({ hosts: ['h1'] })] })
    await first.run()
    const second = fixture({ deployments: [stored(first).deployment], tasks: stored(first).tasks })
    expect(await second.run()).toEqual({})
    expect(second.actions).toEqual(['status Deployment/web'])
    const third = fixture({ deployments: [Deployment.parse(second.written[0])], tasks: stored(first).tasks })
    await third.run()
    expect(third.actions).toEqual([])
  })

  test('with migrate, a hand deploy of the Job on a target host is taken over: shrunk, or deleted when emptied', async () => {
    const group = deployment({ hosts: ['h1', 'h2'], rollout: { migrate: true } })
    const hand = (name: string, hosts: string[]) =>
      Deployment.parse({ ...deployment({ hosts }), metadata: { name, annotations: { 'helios/imperative': 'true' } } })
    const f = fixture({ deployments: [group, hand('web-v1', ['h1']), hand('web-v0', ['h2', 'h3'])] })
    await f.run()
    expect(f.actions.slice(0, 2)).toEqual(['delete Deployment/web-v1', 'update Deployment/web-v0'])
    expect((f.written[0] as Deployment).spec.hosts).toEqual(['h3'])
  })

  test('a deleted Deployment loses all its Tasks, surge Tasks included', async () => {
    const first = fixture({ deployments: [deployment({ hosts: ['h1'] })] })
    await first.run()
    const [task] = stored(first).tasks
    const surge = { ...task!, metadata: { ...task!.metadata, name: 'web@h1~surge' } }
    const f = fixture({ deployments: [], tasks: [task!, surge] })
    await f.run()
    expect(f.actions).toEqual(['delete Task/web@h1', 'delete Task/web@h1~surge'])
  })

  test('a missing Job keeps the Tasks and says why in status', async () => {
    const first = fixture({ deployments: [deployment({ hosts: ['h1'] })] })
    await first.run()
    const f = fixture({ deployments: [deployment({ job: 'web:v9', hosts: ['h1'] })], tasks: stored(first).tasks })
    await f.run()
    expect(f.actions).toEqual(['status Deployment/web'])
    expect((f.written[0] as Deployment).status?.message).toBe('job "web:v9" not found')
  })

  test('replicas are placed by placeReplicas and reported in status.replicas', async () => {
    const f = fixture({ deployments: [deployment({ replicas: 2 })], hosts: ['h1', 'h2', 'h3'] })
    await f.run()
    expect(f.actions.filter((a) => a.startsWith('create'))).toHaveLength(2)
    expect((f.written.at(-1) as Deployment).status?.replicas).toEqual({ desired: 2, placed: 2, running: 0, pending: 0 })
  })

  test('a new reconciler resumes a rollout from status and Tasks alone (apiserver restart)', async () => {
    const first = fixture({ deployments: [deployment({ hosts: ['h1', 'h2'] })] })
    await first.run()
    const done = fixture({ deployments: [stored(first).deployment], tasks: stored(first).tasks })
    await done.run()
    const settled = Deployment.parse(done.written[0])
    const changed = { ...settled, spec: { ...settled.spec, job: 'web:v2' } }
    const step1 = fixture({ deployments: [changed], tasks: stored(first).tasks })
    await step1.run()
    expect(step1.actions).toEqual(['update Task/web@h1', 'status Deployment/web'])
    const tasks = [...stored(step1).tasks, ...stored(first).tasks.filter((t) => t.spec.host === 'h2')]
    const later = fixture({ deployments: [Deployment.parse(step1.written[1])], tasks, now: T0 + 5_000 })
    await later.run()
    expect(later.actions).toEqual(['update Task/web@h2', 'status Deployment/web'])
  })

  test('rollout steps are recorded as Events on the Deployment, after its status; a refused Event fails nothing', async () => {
    const f = fixture({ deployments: [deployment({ hosts: ['h1'] })] })
    await f.run()
    expect(f.order).toEqual(['create Task', 'status Deployment', 'create Event'])
    expect(f.events).toMatchObject([
      {
        involvedObject: { kind: 'Deployment', name: 'web' },
        type: 'Normal',
        reason: 'RolloutStarted',
        message: 'rolling out web:v1 (revision 1, CREATED)',
        source: { component: 'controller' },
        timestamp: new Date(T0).toISOString(),
      },
    ])
    const refused = fixture({ deployments: [deployment({ hosts: ['h1'] })], refuseEvents: true })
    await expect(refused.run()).resolves.toEqual({ requeueAfterMs: 300_000 })
    expect(refused.actions).toEqual(['create Task/web@h1', 'status Deployment/web'])
  })
})
