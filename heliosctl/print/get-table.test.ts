import { describe, expect, test } from 'vitest'
import { shortJobId } from '../../apis/index.js'
import { at, deployment, host, job, T0, task } from '../testing/fixtures.js'
import { getTable } from './get-table.js'

const now = T0 + 5 * 60_000
const nginx = job('nginx:v1', {
  ports: {
    http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' },
    admin: { internalPort: 9000, protocol: 'tcp' },
  },
})

describe('getTable', () => {
  test('jobs: NAME ID IMAGE PORTS AGE', () => {
    expect(getTable('Job', [nginx], { now })).toEqual([
      'NAME       ID                 IMAGE         PORTS                     AGE',
      `nginx:v1   ${shortJobId(nginx.status?.id ?? '')}   nginx:1.7.1   admin=9000,http=80:8080   5m`,
    ])
  })

  test('deployments: READY counts running Tasks of that deployment; wide adds GOAL and SELECTOR', () => {
    const d = deployment('nginx', 'nginx:v1', ['web1', 'web2'], { goal: 'STOP' })
    const tasks = [
      task(nginx, 'web1', { state: 'RUNNING' }, 'nginx'),
      task(nginx, 'web2', { state: 'STARTING' }, 'nginx'),
      task(nginx, 'web3', { state: 'RUNNING' }, 'other'),
    ]
    expect(getTable('Deployment', [d], { now, tasks, wide: true })).toEqual([
      'NAME    JOB        HOSTS       STATE   REVISION   UP-TO-DATE   READY   AGE   GOAL   SELECTOR',
      'nginx   nginx:v1   web1,web2   IDLE    <none>     <none>       1/2     5m    STOP   <none>',
    ])
  })

  test('deployments: STATE, REVISION and UP-TO-DATE (done/all hosts) from the rollout status; paused shows', () => {
    const rollout = {
      state: 'ROLLING_OUT' as const,
      revision: 3,
      job: 'nginx:v1',
      reason: 'JOB_CHANGED' as const,
      startedAt: at(0),
      done: ['web1'],
      inProgress: { web2: at(0) },
      pending: ['web3'],
      failed: [],
    }
    const d = {
      ...deployment('nginx', 'nginx:v1', [], { paused: true }),
      status: { hosts: ['web1', 'web2', 'web3'], revisions: [], rollout },
    }
    expect(getTable('Deployment', [d], { now })).toEqual([
      'NAME    JOB        HOSTS            STATE                REVISION   UP-TO-DATE   READY   AGE',
      'nginx   nginx:v1   web1,web2,web3   ROLLING_OUT,Paused   3          1/3          0/0     5m',
    ])
  })

  test('hosts: NAME STATUS LABELS AGE, wide adds CPUS MEM DOCKER', () => {
    const h = host('web1', {}, { role: 'web' })
    expect(getTable('Host', [h, host('web2', { state: 'DOWN' })], { now })).toEqual([
      'NAME   STATUS   LABELS     AGE',
      'web1   UP       role=web   5m',
      'web2   DOWN     <none>     5m',
    ])
    expect(getTable('Host', [h], { now, wide: true })[0]).toBe('NAME   STATUS   LABELS     AGE   CPUS   MEM   DOCKER')
  })

  test('tasks: NAME HOST JOB GOAL STATE CONTAINER PORTS AGE', () => {
    const t = task(nginx, 'web1', {
      containerId: '0123456789abcdef',
      ports: { http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' } },
    })
    expect(getTable('Task', [t, task(nginx, 'web2')], { now })).toEqual([
      'NAME            HOST   JOB        GOAL    STATE     CONTAINER   PORTS          AGE',
      'nginx-v1@web1   web1   nginx:v1   START   RUNNING   0123456     http=80:8080   5m',
      'nginx-v1@web2   web2   nginx:v1   START   <none>    <none>      <none>         5m',
    ])
  })
})
