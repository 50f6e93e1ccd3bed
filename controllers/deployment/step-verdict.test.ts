import { describe, expect, test } from 'vitest'
import { type Task, TaskStatus, type TaskStatus as TaskStatusT } from '../../apis/index.js'
import { idOfJob, taskSpecFor } from './desired.js'
import { DEFAULT_MIN_HEALTHY_SECONDS, healthOptions } from './health-options.js'
import { deployment, job, T0 } from './rollout-fixture.js'
import { judgeStep, type StepTimes } from './step-verdict.js'
import type { RolloutTarget } from './task-progress.js'

const v2 = job('web:v2')
const v1 = job('web:v1')
const target: RolloutTarget = { job: v2, jobId: idOfJob(v2), restartedAt: undefined }
const at = (s: number) => new Date(T0 + s * 1000).toISOString()

/** A Task asking for web:v2 whose agent reported `status` (about web:v2 unless it says otherwise). */
function task(status: Partial<TaskStatusT> | undefined, spec = v2): Task {
  const base = { apiVersion: 'helios/v1', kind: 'Task', metadata: { name: 'web@h1', labels: {}, annotations: {} } }
  const full = status && TaskStatus.parse({ state: 'RUNNING', jobId: target.jobId, updatedAt: at(0), ...status })
  return { ...base, spec: taskSpecFor(deployment({}), spec, 'h1'), ...(full ? { status: full } : {}) } as Task
}

/** The step began at T0; window 10 s, timeout 60 s. */
const times = (nowS: number, over: Partial<StepTimes> = {}): StepTimes => ({
  startedAt: T0,
  now: T0 + nowS * 1000,
  minHealthyMs: 10_000,
  timeoutMs: 60_000,
  timeoutSeconds: 60,
  ...over,
})

const exit = (atS: number, code: number, logTail: string[] = [], startedS = atS - 3) => ({
  at: at(atS),
  startedAt: at(startedS),
  exitCode: code,
  containerId: 'c1',
  logTail,
})

describe('judgeStep: health that lasts', () => {
  test.each([
    ['not reported yet', undefined, 5, { kind: 'waiting', recheckAt: T0 + 60_000 }],
    ['still the old Job', { jobId: idOfJob(v1) }, 5, { kind: 'waiting', recheckAt: T0 + 60_000 }],
    ['RUNNING 9.999 s', { runningSince: at(1) }, 10.999, { kind: 'waiting', recheckAt: T0 + 11_000 }],
    ['RUNNING exactly the window', { runningSince: at(1) }, 11, { kind: 'done' }],
    ['RUNNING since before the step (a retry of a healthy host)', { runningSince: at(-600) }, 0, { kind: 'done' }],
    [
      'RUNNING past the timeout: the window decides',
      { runningSince: at(55) },
      61,
      { kind: 'waiting', recheckAt: T0 + 65_000 },
    ],
    ['HEALTHCHECKING at the timeout', { state: 'HEALTHCHECKING', containerError: 'http 500' }, 60, 'failed'],
    ['STARTING before the timeout', { state: 'STARTING' }, 59, { kind: 'waiting', recheckAt: T0 + 60_000 }],
    [
      'a status without runningSince counts from updatedAt',
      { updatedAt: at(4) },
      13.9,
      { kind: 'waiting', recheckAt: T0 + 14_000 },
    ],
  ] as const)('%s', (_, status, nowS, expected) => {
    const verdict = judgeStep(task(status), target, times(nowS))
    if (expected === 'failed') expect(verdict.kind).toBe('failed')
    else expect(verdict).toEqual(expected)
  })

  test('a timeout names the state and the container error', () => {
    const verdict = judgeStep(task({ state: 'HEALTHCHECKING', containerError: 'http 500' }), target, times(60))
    expect(verdict).toEqual({
      kind: 'failed',
      failure: {
        reason:
          'timed out after 60 s waiting for web:v2 to reach RUNNING (state HEALTHCHECKING; container error: http 500)',
        logTail: [],
      },
    })
  })
})

describe('judgeStep: exits, restarts and FLAPPING fail fast, reports from before the step do not', () => {
  test('an exit at 3 s inside a 10 s window fails at once, with its code and last lines', () => {
    const status = { state: 'EXITED' as const, exitCode: 3, restartCount: 1, lastExit: exit(3.5, 3, ['a', 'b'], 0.5) }
    expect(judgeStep(task(status), target, times(3.6))).toEqual({
      kind: 'failed',
      failure: { reason: 'web:v2 exited with code 3 after 3.0 s', exitCode: 3, logTail: ['a', 'b'] },
    })
  })

  test('an exit stamped a hair before its start (an engine does that to a container dying at once) ran 0.0 s', () => {
    const status = { state: 'EXITED' as const, exitCode: 3, lastExit: { ...exit(2, 3), startedAt: at(2.001) } }
    const verdict = judgeStep(task(status), target, times(3))
    expect(verdict).toMatchObject({ kind: 'failed', failure: { reason: 'web:v2 exited with code 3 after 0.0 s' } })
  })

  test('a restart the controller never saw as EXITED fails too: RUNNING again, with the exit kept', () => {
    const status = { runningSince: at(5), restartCount: 1, lastExit: exit(4, 1, ['panic: nil map']) }
    const verdict = judgeStep(task(status), target, times(30))
    expect(verdict).toMatchObject({ kind: 'failed', failure: { exitCode: 1, logTail: ['panic: nil map'] } })
  })

  test.each([
    [
      'exit 0 under Always is a restart too',
      { state: 'EXITED', exitCode: 0, lastExit: exit(2, 0) },
      'exited with code 0',
    ],
    ['EXITED from an agent without lastExit', { state: 'EXITED', exitCode: 137 }, 'web:v2 exited with code 137'],
    [
      'FLAPPING while RUNNING',
      { throttled: 'FLAPPING', runningSince: at(1), updatedAt: at(1) },
      'web:v2 FLAPPING (state RUNNING)',
    ],
    [
      'FLAPPING while EXITED',
      { state: 'EXITED', throttled: 'FLAPPING', exitCode: 2, lastExit: exit(2, 2) },
      '[FLAPPING]',
    ],
    [
      'a missing image',
      { state: 'FAILED', throttled: 'IMAGE_MISSING', containerError: 'no such image' },
      'web:v2 IMAGE_MISSING: no such image',
    ],
    [
      'a sidecar brought the unit down',
      { state: 'EXITED', exitCode: 7, containerError: 'container "proxy" exited with code 7', lastExit: exit(2, 7) },
      ': container "proxy" exited with code 7',
    ],
  ] as const)('%s', (_, status, words) => {
    const verdict = judgeStep(task(status), target, times(3))
    expect(verdict.kind).toBe('failed')
    if (verdict.kind === 'failed') expect(verdict.failure.reason).toContain(words)
  })

  test.each([
    [
      'an exit before the step (the failed attempt a retry follows)',
      { state: 'EXITED', exitCode: 3, lastExit: exit(-5, 3), updatedAt: at(-5) },
    ],
    ['a missing image reported before the step', { state: 'FAILED', throttled: 'IMAGE_MISSING', updatedAt: at(-1) }],
    ['FLAPPING reported before the step', { state: 'EXITED', throttled: 'FLAPPING', updatedAt: at(-1) }],
    ['a RUNNING container whose last exit was before the step', { runningSince: at(-1), lastExit: exit(-2, 1) }],
  ] as const)('%s says nothing about this step', (_, status) => {
    expect(judgeStep(task(status), target, times(5)).kind).not.toBe('failed')
  })

  test("an exit of another Job or restartedAt is not the target's", () => {
    const old = { state: 'EXITED' as const, jobId: idOfJob(v1), exitCode: 1, lastExit: exit(2, 1) }
    expect(judgeStep(task(old), target, times(3)).kind).toBe('waiting')
    const restarted = { ...target, restartedAt: at(-1) }
    expect(judgeStep(task({ state: 'EXITED', exitCode: 1, lastExit: exit(2, 1) }), restarted, times(3)).kind).toBe(
      'waiting',
    )
  })

  test('a run-once Job is done once SUCCEEDED, without a window; its failure under Never fails', () => {
    const batch = job('web:v2', { restartPolicy: 'Never' })
    const once: RolloutTarget = { job: batch, jobId: idOfJob(batch), restartedAt: undefined }
    const succeeded = task({ state: 'SUCCEEDED', jobId: once.jobId, exitCode: 0 }, batch)
    expect(judgeStep(succeeded, once, times(0.1))).toEqual({ kind: 'done' })
    const failed = task({ state: 'FAILED', jobId: once.jobId, exitCode: 4, lastExit: exit(1, 4, ['no db']) }, batch)
    expect(judgeStep(failed, once, times(2))).toMatchObject({ kind: 'failed', failure: { exitCode: 4 } })
  })
})

describe('healthOptions', () => {
  const parse = (rollout: object) => deployment({ rollout: { minHealthySeconds: undefined, ...rollout } }).spec.rollout
  test('defaults: a 10 s window, no deadline, no canary, manual promotion', () => {
    expect(DEFAULT_MIN_HEALTHY_SECONDS).toBe(10)
    expect(healthOptions(parse({}), undefined)).toEqual({
      minHealthySeconds: 10,
      progressDeadlineSeconds: undefined,
      canary: 0,
      canaryPromoteAfterSeconds: undefined,
    })
  })

  test("the Job's options win over the Deployment's, field by field; 0 is a value, not a default", () => {
    const jobOptions = job('web:v2', { rolloutOptions: { minHealthySeconds: 0, canary: 2 } }).spec.rolloutOptions
    const resolved = healthOptions(
      parse({ minHealthySeconds: 30, progressDeadlineSeconds: 600, canary: 1 }),
      jobOptions,
    )
    expect(resolved).toEqual({
      minHealthySeconds: 0,
      progressDeadlineSeconds: 600,
      canary: 2,
      canaryPromoteAfterSeconds: undefined,
    })
  })
})
