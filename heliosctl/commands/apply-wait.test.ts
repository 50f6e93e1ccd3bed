import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment, TaskStatus } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { DEPLOYMENT, deployment, JOB, job, task } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
let dir: string
beforeEach(async () => {
  server = await startFakeApiserver()
  dir = await mkdtemp(join(tmpdir(), 'heliosctl-apply-wait-'))
})
afterEach(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const nginx = job('nginx:v1')
const taskAt = (status: Partial<TaskStatus>) =>
  task(nginx, 'web1', { jobId: nginx.status?.id, goal: 'START', ...status }, 'nginx')
const rollingOut = (rollout: Partial<NonNullable<Deployment['status']>['rollout']> = {}) =>
  withRollout(deployment('nginx', 'nginx:v1', ['web1']), rollout)
const app = `${JOB}---\n${DEPLOYMENT}`

describe('apply --wait', () => {
  test('prints each task state change once, then the rollout line; exit 0 when converged', async () => {
    const clock = stepClock((n) => {
      if (n === 1) server.seed(rollingOut({ pending: ['web1'] }), taskAt({ state: 'PULLING_IMAGE' }))
      if (n === 2) server.seed(taskAt({ state: 'PULLING_IMAGE' }))
      if (n === 3) server.seed(rollingOut({ state: 'DONE', done: ['web1'] }), taskAt({ state: 'RUNNING' }))
    })
    const result = await heliosctl(server.url, ['apply', '-f', '-', '--wait'], { stdin: app, clock })
    expect(result).toEqual({
      code: 0,
      stdout:
        'job/nginx:v1 created\ndeployment/nginx created\n' +
        'nginx@web1 PULLING_IMAGE nginx:v1\nnginx@web1 RUNNING nginx:v1\n' +
        'deployment "nginx" successfully rolled out (revision 1)\n',
      stderr: '',
    })
  })

  test('on a terminal a spinner says what is awaited; the task lines stay, the spinner is cleared at the end', async () => {
    const clock = stepClock((n) => {
      if (n === 1) server.seed(rollingOut({ pending: ['web1'] }), taskAt({ state: 'PULLING_IMAGE' }))
      if (n === 2) server.seed(rollingOut({ state: 'DONE', done: ['web1'] }), taskAt({ state: 'RUNNING' }))
    })
    const result = await heliosctl(server.url, ['apply', '-f', '-', '--wait'], {
      stdin: app,
      clock,
      stdoutIsTTY: true,
      env: { NO_COLOR: '1' },
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('⠋ waiting for deployment/nginx: ')
    expect(result.stdout).toContain('\r\x1b[2Knginx@web1 RUNNING nginx:v1\n')
    expect(result.stdout.endsWith('\r\x1b[2Kdeployment "nginx" successfully rolled out (revision 1)\n')).toBe(true)
  })

  test('a DONE rollout still waits for its tasks to reach the goal (STOPPED for STOP)', async () => {
    const stop = (d: Deployment) => ({ ...d, spec: { ...d.spec, goal: 'STOP' as const } })
    const stopping = { ...taskAt({ state: 'RUNNING' }), spec: { ...taskAt({}).spec, goal: 'STOP' as const } }
    server.seed(nginx)
    const clock = stepClock((n) => {
      if (n === 1) server.seed(stop(rollingOut({ state: 'DONE', done: ['web1'] })), stopping)
      if (n === 2) server.seed({ ...stopping, status: { ...stopping.status, state: 'STOPPED' } } as never)
    })
    const manifest = DEPLOYMENT.replace('hosts: [web1]', 'hosts: [web1], goal: STOP')
    const result = await heliosctl(server.url, ['apply', '-f', '-', '--wait'], { stdin: manifest, clock })
    expect(result.stdout).toBe(
      'deployment/nginx created\nnginx@web1 RUNNING nginx:v1\nnginx@web1 STOPPED nginx:v1\n' +
        'deployment "nginx" successfully rolled out (revision 1)\n',
    )
    expect(clock.sleeps).toBe(2)
  })

  test('a throttled task fails the wait at once with its reason (exit 1)', async () => {
    const clock = stepClock(() =>
      server.seed(
        rollingOut({ inProgress: { web1: 'PULLING_IMAGE' } as never }),
        taskAt({ state: 'PULLING_IMAGE', throttled: 'IMAGE_MISSING', containerError: 'no such image' }),
      ),
    )
    const result = await heliosctl(server.url, ['apply', '-f', '-', '--wait'], { stdin: app, clock })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('nginx@web1 PULLING_IMAGE nginx:v1 (IMAGE_MISSING)\n')
    expect(result.stderr).toBe('error: deployment/nginx: task nginx@web1 IMAGE_MISSING: no such image\n')
  })

  test('a FAILED rollout fails the wait (exit 1)', async () => {
    const clock = stepClock(() => server.seed(rollingOut({ state: 'FAILED', message: 'host web1 timed out' })))
    const result = await heliosctl(server.url, ['apply', '-f', '-', '--wait'], { stdin: app, clock })
    expect(result).toMatchObject({ code: 1, stderr: 'error: deployment/nginx: rollout failed: host web1 timed out\n' })
  })

  test('--timeout: exit 1 naming what it still waits for', async () => {
    const clock = stepClock()
    const result = await heliosctl(server.url, ['apply', '-f', '-', '--wait', '--timeout', '3s'], { stdin: app, clock })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'error: timed out waiting for deployment/nginx: IDLE: not yet started for generation 1\n',
    )
    expect(clock.sleeps).toBe(3)
  })

  test('--wait with --dry-run and a bad --timeout are usage errors (exit 2)', async () => {
    const dry = await heliosctl(server.url, ['apply', '-f', '-', '--wait', '--dry-run'], { stdin: app })
    expect(dry).toMatchObject({ code: 2, stderr: expect.stringContaining('--wait cannot be used with --dry-run') })
    expect(
      (await heliosctl(server.url, ['apply', '-f', '-', '--wait', '--timeout', 'soon'], { stdin: app })).code,
    ).toBe(2)
    expect(server.requests).toEqual([])
  })
})

describe('apply --dry-run and -R', () => {
  test('--dry-run=client only reads: created, unchanged or configured against the live objects', async () => {
    server.seed(nginx, deployment('nginx', 'nginx:v1', ['web1']))
    const moved = `${JOB}---\n${DEPLOYMENT.replace('[web1]', '[web2]')}---\n${DEPLOYMENT.replace('name: nginx', 'name: other')}`
    const result = await heliosctl(server.url, ['apply', '--dry-run=client', '-f', '-'], { stdin: moved })
    expect(result).toEqual({
      code: 0,
      stdout:
        'job/nginx:v1 unchanged (dry run)\ndeployment/nginx configured (dry run)\ndeployment/other created (dry run)\n',
      stderr: '',
    })
    expect(server.requests.every((r) => r.startsWith('GET'))).toBe(true)
  })

  test('--dry-run=client --prune lists the set objects the manifests no longer hold', async () => {
    await heliosctl(server.url, ['apply', '-f', '-', '--prune', '--set', 'demo'], { stdin: app })
    const result = await heliosctl(server.url, ['apply', '--dry-run=client', '-f', '-', '--prune', '--set', 'demo'], {
      stdin: JOB,
    })
    expect(result.stdout).toBe('job/nginx:v1 unchanged (dry run)\ndeployment/nginx pruned (dry run)\n')
    expect(server.stored('Deployment', 'nginx')).toBeDefined()
  })

  test('--dry-run=server is the server dry run; a bad strategy is exit 2', async () => {
    const result = await heliosctl(server.url, ['apply', '--dry-run=server', '-f', '-'], { stdin: JOB })
    expect(result.stdout).toBe('job/nginx:v1 created (dry run)\n')
    expect(server.requests).toEqual(['POST /apis/helios/v1/apply?dryRun=true'])
    expect((await heliosctl(server.url, ['apply', '--dry-run=maybe', '-f', '-'], { stdin: JOB })).code).toBe(2)
  })

  test('--dry-run of a new Job and its Deployment: the Deployment is judged locally, not refused', async () => {
    const result = await heliosctl(server.url, ['apply', '--dry-run', '-f', '-'], { stdin: app })
    expect(result).toEqual({
      code: 0,
      stdout: 'job/nginx:v1 created (dry run)\ndeployment/nginx created (dry run)\n',
      stderr: '',
    })
    expect(server.requests).toEqual(['POST /apis/helios/v1/apply?dryRun=true', 'GET /apis/helios/v1/deployments/nginx'])
  })

  test('-R reads subfolders; without it only the top level', async () => {
    await mkdir(join(dir, 'sub'))
    await writeFile(join(dir, 'job.yaml'), JOB)
    await writeFile(join(dir, 'sub', 'deploy.yaml'), DEPLOYMENT)
    expect((await heliosctl(server.url, ['apply', '-f', dir])).stdout).toBe('job/nginx:v1 created\n')
    const recursive = await heliosctl(server.url, ['apply', '-f', dir, '-R'])
    expect(recursive.stdout).toBe('job/nginx:v1 unchanged\ndeployment/nginx created\n')
  })
})
