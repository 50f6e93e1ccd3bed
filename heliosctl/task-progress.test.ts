import { describe, expect, test } from 'vitest'
import { atGoal, taskLine, taskProblem, taskWaiting } from './task-progress.js'
import { job, task } from './testing/fixtures.js'

const v1 = job('web:v1')
const v2 = job('web:v2', { image: 'nginx:2' })
// The Task now wants v2; `status` is about whichever Job the agent last reported.
const want = (status?: Parameters<typeof task>[2], about = v2) =>
  task(v2, 'h1', status && { jobId: about.status?.id, ...status }, 'web')

describe('task progress', () => {
  test('the line names the Job the status is about, and a throttle', () => {
    expect(taskLine(want({ state: 'RUNNING' }, v1))).toBe('web@h1 RUNNING web:v1')
    expect(taskLine(want({ state: 'PULLING_IMAGE', throttled: 'IMAGE_PULL_FAILED' }))).toBe(
      'web@h1 PULLING_IMAGE web:v2 (IMAGE_PULL_FAILED)',
    )
    expect(taskLine(want())).toBeUndefined()
  })

  test('at goal only for the current Job in the state the goal asks for', () => {
    expect(atGoal(want({ state: 'RUNNING' }, v1))).toBe(false)
    expect(atGoal(want({ state: 'STARTING' }))).toBe(false)
    expect(atGoal(want({ state: 'RUNNING' }))).toBe(true)
    expect(taskWaiting(want({ state: 'STARTING' }))).toBe('web@h1 is STARTING, wants RUNNING')
  })

  test('a run-once Job that SUCCEEDED is at its goal, as apply --watch already judged (one rule for both)', () => {
    expect(atGoal(want({ state: 'SUCCEEDED' }))).toBe(true)
  })

  test('FAILED or giving-up throttles of the current Job are problems; of the previous Job not', () => {
    expect(taskProblem(want({ state: 'FAILED', containerError: 'exit 3' }))).toBe('task web@h1 FAILED: exit 3')
    expect(taskProblem(want({ state: 'EXITED', throttled: 'FLAPPING' }))).toBe('task web@h1 FLAPPING')
    expect(taskProblem(want({ state: 'FAILED' }, v1))).toBeUndefined()
    expect(taskProblem(want({ state: 'STARTING' }))).toBeUndefined()
  })
})
