import { describe, expect, test } from 'vitest'
import { type AnyObject, Deployment, Host, Job, type Task } from '../../apis/index.js'
import { staticLister, type Writer } from '../lister.js'
import { desiredTasks, newTask } from './desired.js'
import { deploymentReconciler } from './reconcile.js'

const job = (name: string) =>
  Job.parse({ apiVersion: 'helios/v1', kind: 'Job', metadata: { name }, spec: { image: 'busybox' } })
const deployment = (spec: Record<string, unknown>) =>
  Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name: 'web', generation: 1 },
    spec: { job: 'web:v1', ...spec },
  })
const hosts = [Host.parse({ apiVersion: 'helios/v1', kind: 'Host', metadata: { name: 'h1', labels: { role: 'web' } } })]

function recordingWriter() {
  const actions: string[] = []
  const record = (verb: string) => async (kind: string, obj: unknown) => {
    const name = typeof obj === 'string' ? obj : (obj as AnyObject).metadata.name
    actions.push(`${verb} ${kind}/${name}`)
    return obj as never
  }
  const writer: Writer = {
    create: record('create'),
    update: record('update'),
    updateStatus: record('status'),
    delete: record('delete'),
  }
  return { actions, writer }
}

function fixture(opts: { deployments: Deployment[]; tasks: Task[] }) {
  const { actions, writer } = recordingWriter()
  const reconciler = deploymentReconciler({
    deployments: staticLister(opts.deployments),
    jobs: staticLister([job('web:v1'), job('web:v2')]),
    hosts: staticLister(hosts),
    tasks: staticLister(opts.tasks),
    writer,
  })
  return { actions, run: () => reconciler.reconcile('Deployment/web', new AbortController().signal) }
}

const taskFor = (d: Deployment, jobName: string): Task => {
  const [want] = desiredTasks(d, job(jobName), hosts)
  return { ...newTask(want!), metadata: { ...newTask(want!).metadata, resourceVersion: '7' } } as Task
}

describe('deploymentReconciler', () => {
  test('creates the missing Tasks of explicit and selected hosts and records them in status', async () => {
    const f = fixture({ deployments: [deployment({ hosts: ['h2'], hostSelector: ['role=web'] })], tasks: [] })
    await f.run()
    expect(f.actions).toEqual(['create Task/web@h1', 'create Task/web@h2', 'status Deployment/web'])
  })

  test('does nothing when Tasks and status already match (level-triggered, idempotent)', async () => {
    const d = deployment({ hosts: ['h1'] })
    const settled = { ...d, status: { observedGeneration: 1, hosts: ['h1'] } }
    const f = fixture({ deployments: [settled], tasks: [taskFor(d, 'web:v1')] })
    await f.run()
    expect(f.actions).toEqual([])
  })

  test('updates a Task whose job changed and deletes Tasks of hosts no longer targeted', async () => {
    const old = deployment({ hosts: ['h1'] })
    const f = fixture({
      deployments: [deployment({ job: 'web:v2', hosts: ['h1'] })],
      tasks: [
        taskFor(old, 'web:v1'),
        {
          ...taskFor(old, 'web:v1'),
          metadata: { name: 'web@gone', labels: {}, annotations: {} },
          spec: { ...taskFor(old, 'web:v1').spec, host: 'gone' },
        },
      ],
    })
    await f.run()
    expect(f.actions).toEqual(['update Task/web@h1', 'delete Task/web@gone', 'status Deployment/web'])
  })

  test('a deleted Deployment loses all its Tasks', async () => {
    const f = fixture({ deployments: [], tasks: [taskFor(deployment({ hosts: ['h1'] }), 'web:v1')] })
    await f.run()
    expect(f.actions).toEqual(['delete Task/web@h1'])
  })

  test('a missing Job keeps the Tasks and says why in status', async () => {
    const d = deployment({ job: 'web:v9', hosts: ['h1'] })
    const f = fixture({ deployments: [d], tasks: [taskFor(deployment({ hosts: ['h1'] }), 'web:v1')] })
    await f.run()
    expect(f.actions).toEqual(['status Deployment/web'])
  })
})
