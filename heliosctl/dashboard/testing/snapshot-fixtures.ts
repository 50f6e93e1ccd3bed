/** @module Test helper: a small fleet as the dashboard sees it — two hosts, two Deployments mid-rollout, Tasks, Events. */
import { type Deployment, type Event, parseObject, type Task } from '../../../apis/index.js'
import { at, deployment, host, job, task } from '../../testing/fixtures.js'

const web1 = job('web:v1', { ports: { http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' } } })
const web2 = job('web:v2')
const db = job('db:v1')

/** `web` rolling out web:v2 (1 of 2 hosts done, revision 2); `db` done on h1, goal START. */
export function fleet() {
  const web: Deployment = {
    ...deployment('web', 'web:v2', ['h1', 'h2']),
    metadata: { ...deployment('web', 'web:v2', []).metadata, generation: 2 },
    status: {
      observedGeneration: 2,
      hosts: ['h1', 'h2'],
      revisions: [
        { revision: 1, job: 'web:v1', jobId: 'web:v1:aaa', changeCause: '', createdAt: at(0), outcome: 'DONE' },
        { revision: 2, job: 'web:v2', jobId: 'web:v2:bbb', changeCause: '', createdAt: at(1000) },
      ],
      rollout: {
        state: 'ROLLING_OUT',
        revision: 2,
        job: 'web:v2',
        reason: 'JOB_CHANGED',
        startedAt: at(1000),
        done: ['h1'],
        inProgress: { h2: at(2000) },
        pending: [],
        failed: [],
      },
    },
  }
  const dbDeployment: Deployment = {
    ...deployment('db', 'db:v1', ['h1']),
    metadata: { ...deployment('db', 'db:v1', []).metadata, generation: 1 },
    status: {
      observedGeneration: 1,
      hosts: ['h1'],
      revisions: [
        { revision: 1, job: 'db:v1', jobId: 'db:v1:ccc', changeCause: '', createdAt: at(0), outcome: 'DONE' },
      ],
      rollout: {
        state: 'DONE',
        revision: 1,
        job: 'db:v1',
        reason: 'CREATED',
        startedAt: at(0),
        done: ['h1'],
        inProgress: {},
        pending: [],
        failed: [],
      },
    },
  }
  const tasks: Task[] = [
    task(
      web2,
      'h1',
      { containerId: 'c0ffee1234567890', ports: { http: { internalPort: 80, externalPort: 31000, protocol: 'tcp' } } },
      'web',
    ),
    task(web1, 'h2', { state: 'FAILED', throttled: 'IMAGE_PULL_FAILED', containerError: 'pull access denied' }, 'web'),
    task(db, 'h1', { state: 'STOPPED', containerId: 'dbdbdbdbdbdb0000' }, 'db'),
  ]
  return {
    hosts: [
      host('h1', { hostInfo: hostInfo(0.5) }),
      { ...host('h2', { state: 'DOWN', hostInfo: hostInfo(1.25) }), spec: { unschedulable: true, drain: false } },
    ],
    deployments: [web, dbDeployment],
    tasks,
    events: [
      event('web.h1.1', 'Task', 'web@h1', 'Normal', 'TaskState', 'RUNNING web:v2', 3000),
      event('web.h2.1', 'Task', 'web@h2', 'Warning', 'Failed', 'pull access denied', 4000),
      event('db.1', 'Deployment', 'db', 'Normal', 'RolloutDone', 'rolled out db:v1', 1000),
    ],
  }
}

function hostInfo(loadAvg: number) {
  const gb = 1024 ** 3
  return {
    hostname: 'x',
    os: 'Linux',
    architecture: 'x64',
    cpus: 2,
    memoryTotalBytes: 4 * gb,
    memoryFreeBytes: gb,
    loadAvg,
  }
}

export function event(
  name: string,
  kind: 'Task' | 'Deployment',
  involved: string,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  msAfterT0: number,
): Event {
  return parseObject({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { kind, name: involved },
    type,
    reason,
    message,
    source: { component: 'agent', host: 'h1' },
    timestamp: at(msAfterT0),
  }) as Event
}
