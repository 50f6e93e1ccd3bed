/** @module The endpoints reconciler: creates, updates only on change, deletes when empty, tolerates a gone object. */
import { describe, expect, test } from 'vitest'
import { ApiError, type Endpoints, type Host, type Task, type TaskStatus } from '../../apis/index.js'
import { TASK_INDEXES } from '../indexes.js'
import { staticLister } from '../lister.js'
import { converged, fleetHost, fleetJob, recordingWriter, type WriteCall } from '../testing/fleet.js'
import { endpointsReconciler } from './reconcile.js'

const web = fleetJob('web:v1', {
  ports: { http: { internalPort: 80, protocol: 'tcp' } },
  registration: { 'web/http': { ports: { http: {} } } },
})
const bound = { http: { internalPort: 80, externalPort: 20001, protocol: 'tcp' } } as const
const running = (host: string): Task => {
  const [t] = converged(`web-${host}`, web, {}, [host]).tasks
  if (!t) throw new Error('no task')
  return { ...t, status: { ...t.status, ports: bound } as TaskStatus }
}
const up = (name: string): Host =>
  ({ ...fleetHost(name, {}), status: { ...fleetHost(name, {}).status, address: '10.0.0.1' } }) as Host

function fixture(tasks: Task[], stored: Endpoints[], deleteFails?: Error) {
  const { writer, calls } = recordingWriter((c) => (c.verb === 'delete' ? deleteFails : undefined))
  const reconciler = endpointsReconciler({
    tasks: staticLister(tasks, TASK_INDEXES),
    hosts: staticLister([up('h1'), up('h2')]),
    endpoints: staticLister(stored),
    writer,
  })
  return {
    get actions() {
      return calls.filter((c) => !c.refused).map(line)
    },
    run: () => reconciler.reconcile('Endpoints/web.http', new AbortController().signal),
  }
}

/** A write as the tests read it: the verb, the name, the resourceVersion an update sets and the Tasks it lists. */
function line(c: WriteCall): string {
  if (c.verb === 'delete') return `delete ${c.name}`
  const ep = c.obj as Endpoints
  const rv = c.verb === 'update' ? ` rv=${ep.metadata.resourceVersion}` : ''
  return `${c.verb} ${c.name}${rv} ${ep.spec.endpoints.map((e) => e.task).join(',')}`
}

/** What the reconciler would have created for `tasks`, as the store holds it. */
async function storedFor(tasks: Task[]): Promise<Endpoints> {
  const { writer, calls } = recordingWriter()
  const r = endpointsReconciler({
    tasks: staticLister(tasks, TASK_INDEXES),
    hosts: staticLister([up('h1'), up('h2')]),
    endpoints: staticLister([]),
    writer,
  })
  await r.reconcile('Endpoints/web.http', new AbortController().signal)
  const made = calls.find((c) => c.verb === 'create')?.obj as Endpoints | undefined
  if (!made) throw new Error('nothing created')
  return { ...made, metadata: { ...made.metadata, labels: {}, annotations: {}, resourceVersion: '7' } }
}

describe('endpointsReconciler', () => {
  test('creates the object named after the service when a Task serves it', async () => {
    const f = fixture([running('h1')], [])
    await f.run()
    expect(f.actions).toEqual(['create web.http web-h1@h1'])
  })

  test('writes nothing when the stored object already says it', async () => {
    const tasks = [running('h2'), running('h1')]
    const f = fixture(tasks, [await storedFor(tasks)])
    await f.run()
    expect(f.actions).toEqual([])
  })

  test('updates, compare-and-set on the stored resourceVersion, when the set changes', async () => {
    const f = fixture([running('h1'), running('h2')], [await storedFor([running('h1')])])
    await f.run()
    expect(f.actions).toEqual(['update web.http rv=7 web-h1@h1,web-h2@h2'])
  })

  test('deletes the object once no Task serves it; one already gone is fine; nothing to do without one', async () => {
    const stopping = { ...running('h1'), spec: { ...running('h1').spec, goal: 'STOP' as const } }
    const f = fixture([stopping], [await storedFor([running('h1')])])
    await f.run()
    expect(f.actions).toEqual(['delete web.http'])
    const gone = fixture([], [await storedFor([running('h1')])], new ApiError('NotFound', 'gone'))
    await expect(gone.run()).resolves.toEqual({})
    const none = fixture([], [])
    await none.run()
    expect(none.actions).toEqual([])
  })

  test('other delete failures requeue (the error is returned to the loop)', async () => {
    const f = fixture([], [await storedFor([running('h1')])], new ApiError('Unavailable', 'zk away'))
    await expect(f.run()).rejects.toThrow('zk away')
  })
})
