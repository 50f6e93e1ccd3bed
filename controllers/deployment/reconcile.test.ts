import { describe, expect, test } from 'vitest'
import { ApiError, Deployment, Event, Host, type Task } from '../../apis/index.js'
import { DEPLOYMENT_INDEXES, TASK_INDEXES } from '../indexes.js'
import { staticLister } from '../lister.js'
import { recordingWriter } from '../testing/fleet.js'
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
  const { writer, calls } = recordingWriter((c) =>
    opts.refuseEvents && c.kind === 'Event' ? new ApiError('Forbidden', 'no events for you') : undefined,
  )
  const notEvents = () => calls.filter((c) => c.kind !== 'Event')
  const reconciler = deploymentReconciler({
    deployments: staticLister(opts.deployments, DEPLOYMENT_INDEXES),
    jobs: staticLister([job('web:v1'), job('web:v2')]),
    hosts: staticLister((opts.hosts ?? ['h1', 'h2', 'h3']).map(up)),
    tasks: staticLister(opts.tasks ?? [], TASK_INDEXES),
    writer,
    clock: { now: () => opts.now ?? T0 },
  })
  return {
    /** The Task and status writes. */
    get actions() {
      return notEvents().map((c) => `${c.verb} ${c.kind}/${c.name}`)
    },
    get written() {
      return notEvents().flatMap((c) => (c.obj ? [c.obj] : []))
    },
    /** The Events created after them (none refused). */
    get events() {
      return calls.filter((c) => c.kind === 'Event' && !c.refused).map((c) => Event.parse(c.obj))
    },
    /** Every write tried, Events too. */
    get order() {
      return calls.map((c) => `${c.verb} ${c.kind}`)
    },
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

  describe('never two of one Job on a host (job-once.ts)', () => {
    const runningTask = (
      deploymentName: string,
      host: string,
      jobName = 'web:v1',
      extra: Partial<Task['status']> = {},
    ) =>
      ({
        apiVersion: 'helios/v1',
        kind: 'Task',
        metadata: { name: `${deploymentName}@${host}`, labels: {}, annotations: {} },
        spec: {
          host,
          deployment: deploymentName,
          job: jobName,
          jobId: `${jobName}:x`,
          jobSpec: job(jobName).spec,
          goal: 'START',
        },
        status: { state: 'RUNNING', throttled: 'NO', ports: {}, updatedAt: '', ...extra },
      }) as Task
    const other = (name: string, spec: object, annotations: Record<string, string> = {}) =>
      Deployment.parse({ ...deployment(spec), metadata: { name, annotations } })

    test("a host where another Deployment's Task runs the Job gets no Task; status says why; the rollout goes on", async () => {
      const f = fixture({
        deployments: [deployment({ hostSelector: ['role=web'] }), other('x', { hostSelector: ['zone=a'] })],
        tasks: [runningTask('x', 'h2')],
      })
      await f.run()
      expect(f.actions).toEqual(['create Task/web@h1', 'create Task/web@h3', 'status Deployment/web'])
      const d = f.written.at(-1) as Deployment
      expect(d.status?.hosts).toEqual(['h1', 'h3'])
      expect(d.status?.message).toBe('h2: job web:v1 already runs on h2 for deployment "x" (JOB_ALREADY_DEPLOYED)')
    })

    test('a host another Deployment names for the Job is left to it; another version or a surge Task of our own is no bar', async () => {
      const f = fixture({
        deployments: [
          deployment({ hostSelector: ['role=web'] }),
          other('named', { hosts: ['h3'] }),
          other('v2', { job: 'web:v2', hosts: ['h1'] }),
        ],
        tasks: [
          runningTask('v2', 'h1', 'web:v2'),
          { ...runningTask('web', 'h2'), metadata: { name: 'web@h2~surge', labels: {}, annotations: {} } },
        ],
      })
      await f.run()
      expect(f.actions.filter((a) => a.startsWith('create'))).toEqual(['create Task/web@h1', 'create Task/web@h2'])
      expect((f.written.at(-1) as Deployment).status?.message).toBe(
        'h3: job web:v1 is already deployed on h3 for deployment "named" (JOB_ALREADY_DEPLOYED)',
      )
    })

    test('a step moving our Task onto a Job another Deployment runs on that host is held back, and said', async () => {
      const first = fixture({ deployments: [deployment({ hosts: ['h1'] })] })
      await first.run()
      const done = fixture({ deployments: [stored(first).deployment], tasks: stored(first).tasks })
      await done.run()
      const settled = Deployment.parse(done.written[0])
      const f = fixture({
        deployments: [{ ...settled, spec: { ...settled.spec, job: 'web:v2' } }],
        tasks: [...stored(first).tasks, runningTask('x', 'h1', 'web:v2')],
      })
      await f.run()
      expect(f.actions).toEqual(['status Deployment/web'])
      expect((f.written[0] as Deployment).status?.message).toBe(
        'h1: job web:v2 already runs on h1 for deployment "x" (JOB_ALREADY_DEPLOYED)',
      )
    })

    test('replicas go around a host held for the Job, naming it when they cannot', async () => {
      const one = fixture({ deployments: [deployment({ replicas: 2 })], tasks: [runningTask('x', 'h1')] })
      await one.run()
      expect(one.actions.filter((a) => a.startsWith('create'))).toEqual(['create Task/web@h2', 'create Task/web@h3'])
      const all = fixture({ deployments: [deployment({ replicas: 3 })], tasks: [runningTask('x', 'h1')] })
      await all.run()
      expect((all.written.at(-1) as Deployment).status?.replicas).toMatchObject({
        pending: 1,
        message:
          '1 of 3 replicas pending: 3 candidate hosts; h1: job web:v1 already runs on h1 for deployment "x" (JOB_ALREADY_DEPLOYED)',
      })
    })

    test('migrate: the hand deploy is handed over, then released once stopped, then our Task starts there', async () => {
      const group = deployment({ hostSelector: ['role=web'], rollout: { migrate: true } })
      const imperative = { 'helios/imperative': 'true' }
      const hand = other('web-v1', { hosts: ['h1', 'h9'] }, imperative)
      const step1 = fixture({ deployments: [group, hand], tasks: [runningTask('web-v1', 'h1')] })
      await step1.run()
      expect(step1.actions).toEqual([
        'update Deployment/web-v1',
        'create Task/web@h2',
        'create Task/web@h3',
        'status Deployment/web',
      ])
      const handed = Deployment.parse(step1.written[0])
      expect(handed.spec.hostGoals).toEqual({ h1: 'STOP' })
      const status1 = (step1.written.at(-1) as Deployment).status
      expect(status1?.message).toBe('h1: waiting for deployment "web-v1" to stop job web:v1 there (migrate)')
      // h1 stays a target: the rollout waits for it instead of ending DONE without it.
      expect(status1?.hosts).toEqual(['h1', 'h2', 'h3'])
      expect(Object.keys(status1?.rollout?.inProgress ?? {})).toContain('h1')
      // Still running: nothing more.
      const waiting = fixture({ deployments: [group, handed], tasks: [runningTask('web-v1', 'h1')] })
      await waiting.run()
      expect(waiting.actions.filter((a) => a.includes('web-v1'))).toEqual([])
      // Stopped: h1 leaves the hand deploy (h9 stays); our Task waits until its Task is gone.
      const stopped = runningTask('web-v1', 'h1', 'web:v1', { state: 'STOPPED', goal: 'STOP' })
      const step2 = fixture({ deployments: [group, handed], tasks: [stopped] })
      await step2.run()
      expect(step2.actions[0]).toBe('update Deployment/web-v1')
      expect((step2.written[0] as Deployment).spec.hosts).toEqual(['h9'])
      expect(step2.actions).not.toContain('create Task/web@h1')
      const step3 = fixture({ deployments: [group, Deployment.parse(step2.written[0])], tasks: [] })
      await step3.run()
      expect(step3.actions).toContain('create Task/web@h1')
    })
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
