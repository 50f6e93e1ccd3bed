import { describe, expect, test } from 'vitest'
import type { Task, TaskStatus } from '../apis/index.js'
import { deployment, job, task } from './testing/fixtures.js'
import { withRollout } from './testing/rollout-fixtures.js'
import { deploymentVerdict, hostVerdict, statesOf, taskVerdict } from './wait-condition.js'

const v1 = job('web:v1')
const v2 = job('web:v2', { command: ['x'] })
const on = (h: string, status: Partial<TaskStatus>, j = v1): Task =>
  task(j, h, { jobId: j.status?.id, ...status }, 'web')
const done = withRollout(deployment('web', 'web:v1', ['h1', 'h2']), { state: 'DONE', done: ['h1', 'h2'] })

describe('taskVerdict', () => {
  test('met only when the status is of the current Job and goal', () => {
    expect(taskVerdict(on('h1', { state: 'RUNNING' }), 'RUNNING')).toEqual({ phase: 'met' })
    const stale = { ...on('h1', { state: 'RUNNING' }), spec: { ...on('h1', {}).spec, jobId: v2.status?.id ?? '' } }
    expect(taskVerdict(stale, 'RUNNING')).toEqual({ phase: 'waiting', summary: 'state RUNNING' })
    const stopping = on('h1', { state: 'RUNNING', goal: 'STOP' })
    expect(taskVerdict(stopping, 'RUNNING')).toEqual({ phase: 'waiting', summary: 'state RUNNING' })
    expect(taskVerdict(task(v1, 'h1', undefined, 'web'), 'RUNNING')).toEqual({
      phase: 'waiting',
      summary: 'no status yet',
    })
  })

  test('FAILED or throttled fails a wait for RUNNING, not a wait for another state', () => {
    const failed = on('h1', { state: 'FAILED', containerError: 'no such image' })
    expect(taskVerdict(failed, 'RUNNING')).toEqual({ phase: 'failed', reason: 'task/web@h1 is FAILED: no such image' })
    expect(taskVerdict(failed, 'STOPPED')).toEqual({ phase: 'waiting', summary: 'state FAILED' })
    expect(taskVerdict(failed, 'FAILED')).toEqual({ phase: 'met' })
    const missing = on('h1', { state: 'PULLING_IMAGE', throttled: 'IMAGE_MISSING' })
    expect(taskVerdict(missing, 'RUNNING')).toMatchObject({
      phase: 'failed',
      reason: expect.stringContaining('IMAGE_MISSING'),
    })
  })
})

describe('deploymentVerdict', () => {
  test('RUNNING: rollout DONE for the current generation and every Task RUNNING', () => {
    const tasks = [on('h1', { state: 'RUNNING' }), on('h2', { state: 'STARTING' })]
    expect(deploymentVerdict(done, tasks, 'RUNNING')).toEqual({
      phase: 'waiting',
      summary: 'state DONE, 1/2 tasks RUNNING',
    })
    const both = [on('h1', { state: 'RUNNING' }), on('h2', { state: 'RUNNING' })]
    expect(deploymentVerdict(done, both, 'RUNNING')).toEqual({ phase: 'met' })
    const newer = { ...done, metadata: { ...done.metadata, generation: 2 } }
    expect(deploymentVerdict(newer, both, 'RUNNING')).toEqual({
      phase: 'waiting',
      summary: 'state DONE, 2/2 tasks RUNNING',
    })
    const surge = { ...on('h1', { state: 'STARTING' }), metadata: { ...on('h1', {}).metadata, name: 'web@h1~surge' } }
    expect(deploymentVerdict(done, [...both, surge], 'RUNNING')).toEqual({ phase: 'met' })
  })

  test('a FAILED rollout fails RUNNING; other Task states need every Task there; rollout states compare the rollout', () => {
    const failed = withRollout(deployment('web', 'web:v1', ['h1']), { state: 'FAILED', message: 'h1: timed out' })
    expect(deploymentVerdict(failed, [], 'RUNNING')).toEqual({
      phase: 'failed',
      reason: 'rollout of web:v1 failed: h1: timed out',
    })
    expect(deploymentVerdict(failed, [], 'FAILED')).toEqual({ phase: 'met' })
    const stopped = [on('h1', { state: 'STOPPED' }), on('h2', { state: 'STOPPED' })]
    expect(deploymentVerdict(done, stopped, 'STOPPED')).toEqual({ phase: 'met' })
    expect(deploymentVerdict(done, stopped, 'ROLLING_OUT')).toEqual({ phase: 'waiting', summary: 'state DONE' })
  })
})

test('hosts are UP or DOWN; every kind lists its states', () => {
  expect(hostVerdict({ status: { state: 'DOWN' } } as never, 'UP')).toEqual({ phase: 'waiting', summary: 'state DOWN' })
  expect(statesOf('Host')).toEqual(['UP', 'DOWN'])
  expect(statesOf('Deployment')).toEqual(
    expect.arrayContaining(['RUNNING', 'STOPPED', 'DONE', 'ROLLING_OUT', 'FAILED']),
  )
  expect(statesOf('Job')).toEqual([])
})
