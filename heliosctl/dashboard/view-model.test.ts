import { describe, expect, test } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { at, deployment, job, task } from '../testing/fixtures.js'
import { deploymentTable, progressBar, rolloutProgress } from './deployment-rows.js'
import { aboutDeployment, EVENTS_SHOWN, eventTable } from './event-rows.js'
import { hostTable } from './host-rows.js'
import type { Row, TableModel } from './row.js'
import { deploymentOfTask, deploymentTaskTable, taskTable } from './task-rows.js'
import { event, fleet } from './testing/snapshot-fixtures.js'
import { eventTone, hostTone, inkColor, rolloutTone, taskTone } from './tone.js'

const texts = (row: Row | undefined) => row?.cells.map((c) => c.text)
const tones = (row: Row | undefined) => row?.cells.map((c) => c.tone)
const rowOf = (table: TableModel, key: string) => table.rows.find((r) => r.key === key)

describe('tones', () => {
  test('tasks: RUNNING ok, transient busy, FAILED or throttled bad, STOPPED off', () => {
    expect(taskTone('RUNNING')).toBe('ok')
    for (const state of ['PULLING_IMAGE', 'CREATING', 'STARTING', 'HEALTHCHECKING', 'STOPPING', 'EXITED'] as const)
      expect(taskTone(state)).toBe('busy')
    expect(taskTone('FAILED')).toBe('bad')
    expect(taskTone('RUNNING', 'FLAPPING')).toBe('bad')
    expect(taskTone('STOPPED')).toBe('off')
    expect(taskTone(undefined)).toBe('busy')
  })

  test('hosts, rollouts and events', () => {
    expect([hostTone('UP'), hostTone('DOWN'), hostTone(undefined)]).toEqual(['ok', 'bad', 'bad'])
    expect(['DONE', 'ROLLING_OUT', 'FAILED', 'IDLE', 'PENDING'].map((s) => rolloutTone(s as never))).toEqual([
      'ok',
      'busy',
      'bad',
      'off',
      'busy',
    ])
    expect([eventTone('Warning'), eventTone('Normal')]).toEqual(['bad', undefined])
  })

  test('a tone becomes an Ink colour only when colours are on', () => {
    expect([inkColor('ok', true), inkColor('busy', true), inkColor('bad', true), inkColor('off', true)]).toEqual([
      'green',
      'yellow',
      'red',
      'gray',
    ])
    expect(inkColor('bad', false)).toBeUndefined()
    expect(inkColor(undefined, true)).toBeUndefined()
  })
})

describe('hosts', () => {
  test('one row per host by name: state, load, running and all tasks, cordoned or drained', () => {
    const { hosts, tasks } = fleet()
    const drained = {
      ...hosts[0]!,
      metadata: { ...hosts[0]!.metadata, name: 'h0' },
      spec: { unschedulable: true, drain: true },
    }
    const table = hostTable([...hosts, drained], tasks)
    expect(table.rows.map((r) => r.key)).toEqual(['h0', 'h1', 'h2'])
    expect(texts(rowOf(table, 'h1'))).toEqual(['h1', 'UP', '0.50', '1', '2', ''])
    expect(texts(rowOf(table, 'h2'))).toEqual(['h2', 'DOWN', '1.25', '0', '1', 'cordoned'])
    expect(texts(rowOf(table, 'h0'))?.[5]).toBe('drained')
    expect(tones(rowOf(table, 'h2'))?.[1]).toBe('bad')
  })
})

describe('deployments', () => {
  test('progress is hosts done over hosts in the rollout', () => {
    const [web, db] = fleet().deployments as [Deployment, Deployment]
    expect(rolloutProgress(web)).toMatchObject({ state: 'ROLLING_OUT', done: 1, total: 2, fraction: 0.5, revision: 2 })
    expect(rolloutProgress(db)).toMatchObject({ state: 'DONE', done: 1, total: 1, fraction: 1, revision: 1 })
  })

  test('a spec the controller has not seen yet is PENDING; none at all is IDLE with 0/0', () => {
    const [web] = fleet().deployments as [Deployment]
    expect(rolloutProgress({ ...web, metadata: { ...web.metadata, generation: 3 } }).state).toBe('PENDING')
    const fresh = deployment('new', 'web:v1', ['h1'])
    expect(rolloutProgress(fresh)).toMatchObject({ state: 'IDLE', done: 0, total: 0, fraction: 0 })
  })

  test('progress bars fill in proportion', () => {
    expect(progressBar({ done: 0, total: 4, fraction: 0 }, 4)).toBe('░░░░ 0/4')
    expect(progressBar({ done: 1, total: 4, fraction: 0.25 }, 4)).toBe('█░░░ 1/4')
    expect(progressBar({ done: 4, total: 4, fraction: 1 }, 4)).toBe('████ 4/4')
  })

  test('rows by name with job, revision, state, bar and goal; STOP is grey, Paused is said', () => {
    const [web, db] = fleet().deployments as [Deployment, Deployment]
    const stopped = { ...db, spec: { ...db.spec, goal: 'STOP' as const, paused: true } }
    const table = deploymentTable([web, stopped])
    expect(table.rows.map((r) => r.key)).toEqual(['db', 'web'])
    expect(texts(rowOf(table, 'web'))).toEqual(['web', 'web:v2', '2', 'ROLLING_OUT', '█████░░░░░ 1/2', 'START'])
    expect(texts(rowOf(table, 'db'))?.[3]).toBe('DONE,Paused')
    expect(tones(rowOf(table, 'db'))).toEqual([undefined, undefined, undefined, 'ok', 'ok', 'off'])
  })
})

describe('tasks', () => {
  test('overview rows by deployment and host, state coloured, throttle shown', () => {
    const table = taskTable(fleet().tasks)
    expect(table.rows.map((r) => r.key)).toEqual(['db@h1', 'web@h1', 'web@h2'])
    expect(texts(rowOf(table, 'web@h2'))).toEqual(['web', 'h2', 'FAILED (IMAGE_PULL_FAILED)', 'START', 'web:v1', ''])
    expect(tones(rowOf(table, 'db@h1'))?.[2]).toBe('off')
    expect(tones(rowOf(table, 'web@h1'))?.[2]).toBe('ok')
  })

  test("a Deployment's detail: every host it targets, with ports and errors, and NO TASK where none exists yet", () => {
    const { deployments, tasks } = fleet()
    const web = deployments[0]!
    const wider = { ...web, status: { ...web.status!, hosts: ['h1', 'h2', 'h3'] } }
    const table = deploymentTaskTable(wider, tasks)
    expect(table.header).toEqual(['HOST', 'STATE', 'GOAL', 'JOB', 'CONTAINER', 'PORTS', 'ERROR'])
    expect(texts(rowOf(table, 'web@h1'))).toEqual([
      'h1',
      'RUNNING',
      'START',
      'web:v2',
      'c0ffee123456',
      'http=80:31000',
      '',
    ])
    expect(texts(rowOf(table, 'web@h2'))?.[6]).toBe('pull access denied')
    expect(texts(rowOf(table, 'web@h3'))).toEqual(['h3', 'NO TASK'])
  })

  test('surge Tasks are marked; a non-zero exit code is the error; no status yet is PENDING', () => {
    const j = job('web:v1')
    const surge = { ...task(j, 'h1', { state: 'EXITED', exitCode: 3 }, 'web') }
    const named = { ...surge, metadata: { ...surge.metadata, name: 'web@h1~surge' } }
    const table = deploymentTaskTable(deployment('web', 'web:v1', ['h1']), [named, task(j, 'h2', undefined, 'web')])
    expect(texts(rowOf(table, 'web@h1~surge'))?.slice(0, 2)).toEqual(['h1 (surge)', 'EXITED'])
    expect(texts(rowOf(table, 'web@h1~surge'))?.[6]).toBe('exit code 3')
    expect(texts(rowOf(table, 'web@h2'))?.[1]).toBe('PENDING')
    expect(deploymentOfTask('web@h1~surge')).toBe('web')
  })
})

describe('events', () => {
  test('oldest first (newest at the bottom), Warnings red, capped', () => {
    const table = eventTable(fleet().events)
    expect(table.rows.map((r) => texts(r)?.[0])).toEqual(['12:00:01', '12:00:03', '12:00:04'])
    expect(texts(table.rows[2])).toEqual(['12:00:04', 'Warning', 'Failed', 'task/web@h2', 'pull access denied'])
    expect(tones(table.rows[2])).toEqual([undefined, 'bad', 'bad', undefined, 'bad'])
    const many = Array.from({ length: EVENTS_SHOWN + 5 }, (_, i) =>
      event(`e.${i}`, 'Deployment', 'web', 'Normal', 'Applied', `n${i}`, i * 1000),
    )
    const capped = eventTable(many)
    expect(capped.rows).toHaveLength(EVENTS_SHOWN)
    expect(texts(capped.rows.at(-1))?.[4]).toBe(`n${EVENTS_SHOWN + 4}`)
  })

  test("a Deployment's own events: its own and its Tasks'", () => {
    const table = eventTable(fleet().events, aboutDeployment('web'))
    expect(table.rows.map((r) => r.key)).toEqual(['web.h1.1', 'web.h2.1'])
    expect(at(0)).toBe('2024-05-01T12:00:00.000Z')
  })
})
