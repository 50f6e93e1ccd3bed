import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment, HostFailure, RolloutStatus } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, deployment, job, task } from '../testing/fixtures.js'
import { withRollout } from '../testing/rollout-fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(job('web:v1'), job('web:v2'))
})
afterEach(() => server.close())

const web = deployment('web', 'web:v2', ['web1', 'web2', 'web3'])
const stored = () => server.stored('Deployment', 'web') as Deployment
const progress = (rollout: Partial<RolloutStatus>) => server.seed(withRollout(stored(), rollout))
const run = (...argv: string[]) => heliosctl(server.url, argv, { clock: stepClock() })

const crash: HostFailure = {
  host: 'web1',
  reason: 'web:v2 exited with code 3 after 0.4 s',
  exitCode: 3,
  logTail: ['listening on :80', 'fatal: no config'],
}
const failed = { state: 'FAILED' as const, failed: ['web1'], message: `web1: ${crash.reason}`, failure: crash }

describe('rollout status: a failure names host, reason and the last log lines, exit 1', () => {
  test('FAILED', async () => {
    server.seed(withRollout(web, failed))
    expect(await run('rollout', 'status', 'web')).toEqual({
      code: 1,
      stdout: 'web1 -> FAILED web:v2 (1/1)\n',
      stderr:
        'error: rollout of web:v2 failed: web1: web:v2 exited with code 3 after 0.4 s\n' +
        'last log lines of web1:\n  | listening on :80\n  | fatal: no config\n',
    })
    const json = await heliosctl(server.url, ['--json', 'rollout', 'status', 'web'], { clock: stepClock() })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'FAILED', error: failed.message, failure: crash })
  })

  test('reverted: the same lines, saying which Job it went back to; --watch=false too', async () => {
    const message = `rolled back to web:v1 after web:v2 failed: web1: ${crash.reason}`
    const reverted = { ...failed, job: 'web:v1', reason: 'AUTO_REVERT' as const, revertedFrom: 'web:v2', message }
    server.seed(withRollout(web, { ...reverted, failed: [], done: ['web1', 'web2', 'web3'], rolledBack: true }))
    for (const argv of [[], ['--watch=false']]) {
      const result = await run('rollout', 'status', 'web', ...argv)
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(
        `error: rollout of web:v2 failed: ${message}; reverted to web:v1\n` +
          'last log lines of web1:\n  | listening on :80\n  | fatal: no config\n',
      )
    }
  })

  test("a container's words cannot pose as our lines: newlines and escapes in stored text are made inert", async () => {
    const hostile: HostFailure = {
      ...crash,
      reason: 'boom\nhint: run rm -rf /',
      logTail: ['\u001b]0;owned\u0007title', 'a\rb', 'tab\tkept'],
    }
    server.seed(withRollout(web, { ...failed, message: `web1: ${hostile.reason}`, failure: hostile }))
    const { stderr } = await run('rollout', 'status', 'web')
    expect(stderr).toBe(
      'error: rollout of web:v2 failed: web1: boom\\nhint: run rm -rf /\n' +
        'last log lines of web1:\n  | \\u001b]0;owned\\u0007title\n  | a\\rb\n  | tab\\tkept\n',
    )
  })

  test('a failure without log lines (a timeout) is one line', async () => {
    const timeout = { host: 'web1', reason: 'timed out after 5 s waiting for web:v2 to reach RUNNING', logTail: [] }
    server.seed(withRollout(web, { ...failed, message: `web1: ${timeout.reason}`, failure: timeout }))
    expect((await run('rollout', 'status', 'web')).stderr).toBe(
      'error: rollout of web:v2 failed: web1: timed out after 5 s waiting for web:v2 to reach RUNNING\n',
    )
  })
})

describe('rollout status: a canary wait', () => {
  const canaryMessage = 'canary web1 healthy on web:v2; waiting for "heliosctl rollout promote deployment/web"'
  const pausedRollout = {
    state: 'PAUSED' as const,
    done: ['web1'],
    pending: ['web2', 'web3'],
    canary: { hosts: ['web1'], healthyAt: at(5_000) },
    message: canaryMessage,
  }

  test('waits through PAUSED, saying so once, and succeeds once promoted and done', async () => {
    server.seed(withRollout(web, pausedRollout))
    const steps: Array<Partial<RolloutStatus>> = [
      pausedRollout,
      { ...pausedRollout, state: 'ROLLING_OUT', canary: { hosts: ['web1'], promotedAt: at(9_000) }, message: '' },
      { state: 'DONE', revision: 2, done: ['web1', 'web2', 'web3'], pending: [] },
    ]
    const clock = stepClock((n) => progress(steps[n - 1] ?? {}))
    const result = await heliosctl(server.url, ['rollout', 'status', 'web'], { clock })
    expect(result).toEqual({
      code: 0,
      stdout:
        'web1 -> RUNNING web:v2 (1/3)\n' +
        `deployment "web" paused: ${canaryMessage}\n` +
        'web2 -> RUNNING web:v2 (2/3)\nweb3 -> RUNNING web:v2 (3/3)\n' +
        'deployment "web" successfully rolled out (revision 2)\n',
      stderr: '',
    })
  })

  test('--watch=false: the waiting line says why; JSON says PAUSED', async () => {
    server.seed(withRollout(web, pausedRollout))
    expect((await run('rollout', 'status', 'web', '--watch=false')).stdout).toBe(
      `Waiting for deployment "web" rollout to finish: PAUSED: 1/3 hosts; ${canaryMessage}\n`,
    )
    const json = await heliosctl(server.url, ['--json', 'rollout', 'status', 'web', '--watch=false'], {
      clock: stepClock(),
    })
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'PAUSED', done: 1, total: 3 })
  })
})

describe('rollout promote and abort', () => {
  test('promote annotates a canary that waits (or still steps); abort a rollout under way or paused', async () => {
    server.seed(withRollout(web, { state: 'PAUSED', canary: { hosts: ['web1'], healthyAt: at(0) } }))
    expect(await run('rollout', 'promote', 'deployment/web')).toEqual({
      code: 0,
      stdout: 'deployment "web" canary promoted\n',
      stderr: '',
    })
    expect(stored().metadata.annotations['helios/rollout-promote']).toBe(at(0))
    expect((await run('rollout', 'abort', 'web')).stdout).toBe('deployment "web" rollout aborted\n')
    expect(stored().metadata.annotations['helios/rollout-abort']).toBe(at(0))
    server.seed(withRollout(web, { state: 'ROLLING_OUT', canary: { hosts: ['web1'] } }))
    expect((await run('rollout', 'promote', 'web')).code).toBe(0)
    expect((await run('rollout', 'stop', 'web')).code).toBe(0)
  })

  test('promote with nothing to promote, abort with nothing under way: exit 1, nothing written', async () => {
    server.seed(withRollout(web, { state: 'ROLLING_OUT' }))
    expect(await run('rollout', 'promote', 'web')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: deployment "web" has no canary waiting for a promotion (state ROLLING_OUT)\n',
    })
    server.seed(withRollout(web, { state: 'DONE', canary: { hosts: ['web1'], promotedAt: at(0) } }))
    expect((await run('rollout', 'promote', 'web')).stderr).toBe(
      'error: deployment "web" has no canary waiting for a promotion (state DONE)\n',
    )
    expect((await run('rollout', 'abort', 'web')).stderr).toBe(
      'error: deployment "web" has no rollout in progress (state DONE)\n',
    )
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toEqual([])
  })
})

describe('get deployments and describe: FAILED, REVERTING, REVERTED, PAUSED', () => {
  const stateOf = async () => (await run('get', 'deployments')).stdout.split('\n')[1]?.split(/\s{2,}/)[3]

  test.each([
    [{ state: 'FAILED' }, 'FAILED'],
    [{ state: 'PAUSED', canary: { hosts: ['web1'] } }, 'PAUSED'],
    [{ state: 'ROLLING_OUT', reason: 'AUTO_REVERT', revertedFrom: 'web:v2' }, 'REVERTING'],
    [{ state: 'ROLLING_OUT', reason: 'ABORT', revertedFrom: 'web:v2' }, 'REVERTING'],
    [{ state: 'FAILED', reason: 'AUTO_REVERT', revertedFrom: 'web:v2', rolledBack: true }, 'REVERTED'],
    [{ state: 'FAILED', reason: 'ABORT', revertedFrom: 'web:v2', rolledBack: true }, 'REVERTED'],
    [{ state: 'FAILED', reason: 'AUTO_REVERT', revertedFrom: 'web:v2' }, 'FAILED'],
  ] as const)('%j shows %s', async (rollout, shown) => {
    server.seed(withRollout(web, rollout as Partial<RolloutStatus>))
    expect(await stateOf()).toBe(shown)
  })

  test('describe deployment: the state users see, the canary, the failure with its log lines, the options set', async () => {
    const d = deployment('web', 'web:v2', ['web1'], {
      rollout: { minHealthySeconds: 5, canary: 1, canaryPromoteAfterSeconds: 60 } as Deployment['spec']['rollout'],
    })
    const canary = { hosts: ['web1'], healthyAt: at(0), promotedAt: at(0), promotedBy: 'auto' as const }
    server.seed(withRollout(d, { ...failed, reason: 'AUTO_REVERT', revertedFrom: 'web:v2', rolledBack: true, canary }))
    const { stdout } = await run('describe', 'deployment', 'web')
    expect(stdout).toContain(
      'Rollout Options:  parallelism=1, timeout=300s, overlap=false, migrate=false, ignoreFailures=false, autoRevert=false, minHealthySeconds=5s, canary=1, canaryPromoteAfterSeconds=60s, token=<none>\n',
    )
    expect(stdout).toContain('  State:          REVERTED\n')
    expect(stdout).toContain(
      '  Canary:         web1 (healthy since 2024-05-01 12:00:00.000 UTC (0s ago), promoted by auto 2024-05-01 12:00:00.000 UTC (0s ago))\n',
    )
    expect(stdout).toContain(
      'Failure:\n  Host:            web1\n  Reason:          web:v2 exited with code 3 after 0.4 s\n  Exit Code:       3\n  Last Log Lines:\n    listening on :80\n    fatal: no config\n',
    )
  })

  test('describe task: running since, restarts, and the last exit with its lines', async () => {
    const v2 = job('web:v2')
    const lastExit = { at: at(1_000), startedAt: at(0), exitCode: 3, containerId: 'c1', logTail: ['boom'] }
    const status = { state: 'RUNNING' as const, runningSince: at(2_000), restartCount: 2, lastExit }
    server.seed(task(v2, 'web1', status, 'web'))
    const { stdout } = await run('describe', 'task', 'web@web1')
    expect(stdout).toContain('  Running Since:  2024-05-01 12:00:02.000 UTC (0s ago)\n  Restarts:       2\n')
    expect(stdout).toContain(
      'Last Exit:\n  At:              2024-05-01 12:00:01.000 UTC (0s ago)\n  Started:         2024-05-01 12:00:00.000 UTC (0s ago)\n  Exit Code:       3\n  Container:       c1\n  Last Log Lines:\n    boom\n',
    )
  })
})

describe('rolling-update keeps the health and canary options (they have no flag)', () => {
  test("its flags go to rolloutOverrides; the Deployment's own options, health and canary included, stay", async () => {
    const set = { minHealthySeconds: 7, progressDeadlineSeconds: 600, canary: 1, canaryPromoteAfterSeconds: 30 }
    const rollout = { parallelism: 3, timeout: 50, ...set } as Deployment['spec']['rollout']
    server.seed(deployment('web', 'web:v1', ['web1'], { rollout }))
    expect((await run('rolling-update', 'web:v2', 'web', '-t', '9', '--async')).code).toBe(0)
    expect(stored().spec.rollout).toMatchObject({ parallelism: 3, timeout: 50, ...set })
    expect(stored().spec.rolloutOverrides).toMatchObject({ timeout: 9 })
    server.seed(deployment('web', 'web:v1', ['web1']))
    await run('rolling-update', 'web:v2', 'web', '--async')
    expect(Object.keys(stored().spec.rollout)).not.toContain('canary')
  })
})
