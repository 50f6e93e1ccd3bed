import { describe, expect, test } from 'vitest'
import {
  Deployment,
  type DeploymentInput,
  type Host,
  MIGRATING_ANNOTATION,
  type Task,
  type TaskStatus,
} from '../../apis/index.js'
import { type MigrationInput, migrations, reclaimed } from './migrate.js'

const make = (name: string, spec: Partial<DeploymentInput['spec']>, annotations: Record<string, string> = {}) =>
  Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name, annotations },
    spec: { job: 'web:v1', ...spec },
  })
const imperative = { 'helios/imperative': 'true' }
const up = (name: string, state: 'UP' | 'DOWN' = 'UP') => ({ metadata: { name }, status: { state } }) as unknown as Host
const task = (name: string, status?: Partial<TaskStatus>) =>
  ({
    metadata: { name },
    spec: { host: name.split('@')[1], job: 'web:v1', deployment: name.split('@')[0] },
    ...(status ? { status: { updatedAt: '', ...status } } : {}),
  }) as unknown as Task

const group = make('grp', { hostSelector: ['role=web'] })
const base = (over: Partial<MigrationInput>): MigrationInput => ({
  deployment: group,
  job: 'web:v1',
  migrate: true,
  targets: ['h1', 'h2'],
  deployments: [],
  tasks: [],
  hosts: [up('h1'), up('h2'), up('h9')],
  ...over,
})

describe('migrate step 1: hand over (goal STOP there, host marked as moving, its claim let go)', () => {
  test('a hand deploy of the very same Job on a target host hands it over; other hosts it keeps', () => {
    const byHand = make('web-v1', { hosts: ['h1', 'h9'] }, imperative)
    const [m] = migrations(base({ deployments: [group, byHand] }))
    expect(m?.from).toBe(byHand)
    expect(m?.next?.spec.hosts).toEqual(['h1', 'h9'])
    expect(m?.next?.spec.hostGoals).toEqual({ h1: 'STOP' })
    expect(JSON.parse(m?.next?.metadata.annotations[MIGRATING_ANNOTATION] ?? '')).toEqual({ h1: 'grp' })
  })

  test('not taken: without migrate, another version (Helios adopts the same job id only), a manifest Deployment, untouched hosts', () => {
    const otherVersion = make('web-v0', { job: 'web:v0', hosts: ['h1'] }, imperative)
    const manifest = make('canary', { hosts: ['h1'] })
    const elsewhere = make('web-v1', { hosts: ['h7'] }, imperative)
    const byHand = make('web-v1', { hosts: ['h1'] }, imperative)
    expect(migrations(base({ migrate: false, deployments: [byHand] }))).toEqual([])
    expect(migrations(base({ deployments: [otherVersion, manifest, elsewhere] }))).toEqual([])
    expect(migrations(base({ job: undefined, deployments: [byHand] }))).toEqual([])
  })

  test('a host already moving is not handed over again (no write every reconcile)', () => {
    const moving = make(
      'web-v1',
      { hosts: ['h1'], hostGoals: { h1: 'STOP' } },
      {
        ...imperative,
        [MIGRATING_ANNOTATION]: '{"h1":"grp"}',
      },
    )
    expect(
      migrations(base({ deployments: [moving], tasks: [task('web-v1@h1', { state: 'RUNNING', goal: 'STOP' })] })),
    ).toEqual([])
  })
})

describe('migrate step 2: release once the hand deploy stopped there', () => {
  const moving = make(
    'web-v1',
    { hosts: ['h1', 'h9'], hostGoals: { h1: 'STOP' } },
    {
      ...imperative,
      [MIGRATING_ANNOTATION]: '{"h1":"grp"}',
    },
  )
  const cases: Array<[string, Task[], Host[], boolean]> = [
    ['still running', [task('web-v1@h1', { state: 'RUNNING', goal: 'START' })], [up('h1')], false],
    ['stopping', [task('web-v1@h1', { state: 'STOPPING', goal: 'STOP' })], [up('h1')], false],
    ['no status yet, host UP', [task('web-v1@h1')], [up('h1')], false],
    ['STOPPED under goal STOP', [task('web-v1@h1', { state: 'STOPPED', goal: 'STOP' })], [up('h1')], true],
    ['EXITED under goal STOP', [task('web-v1@h1', { state: 'EXITED', goal: 'STOP' })], [up('h1')], true],
    ['Task gone', [], [up('h1')], true],
    [
      'host DOWN (nothing to wait for)',
      [task('web-v1@h1', { state: 'RUNNING', goal: 'START' })],
      [up('h1', 'DOWN')],
      true,
    ],
    ['host not registered', [task('web-v1@h1', { state: 'RUNNING', goal: 'START' })], [], true],
  ]
  for (const [name, tasks, hosts, released] of cases) {
    test(`${name}: ${released ? 'released' : 'waits'}`, () => {
      const result = migrations(base({ deployments: [moving], tasks, hosts }))
      if (!released) return expect(result).toEqual([])
      expect(result[0]?.next?.spec.hosts).toEqual(['h9'])
      expect(result[0]?.next?.spec.hostGoals).toBeUndefined()
      expect(result[0]?.next?.metadata.annotations[MIGRATING_ANNOTATION]).toBeUndefined()
    })
  }

  test('a hand deploy left without hosts is deleted; one moving to another Deployment is not ours to release', () => {
    const last = make(
      'web-v1',
      { hosts: ['h1'], hostGoals: { h1: 'STOP' } },
      {
        ...imperative,
        [MIGRATING_ANNOTATION]: '{"h1":"grp"}',
      },
    )
    expect(migrations(base({ deployments: [last] }))).toEqual([{ from: last, next: undefined }])
    const toOther = make('web-v1', { hosts: ['h1'] }, { ...imperative, [MIGRATING_ANNOTATION]: '{"h1":"other"}' })
    expect(migrations(base({ deployments: [toOther], targets: ['h2'] }))).toEqual([])
  })

  test('releases even when migrate was turned off meanwhile (the handover was committed)', () => {
    expect(migrations(base({ migrate: false, deployments: [moving] }))[0]?.next?.spec.hosts).toEqual(['h9'])
  })
})

describe('a handover to a Deployment that is gone is taken back', () => {
  test("the mark goes and the hand deploy's own goal applies there again; other handovers stay", () => {
    const moving = make(
      'web-v1',
      { hosts: ['h1', 'h2'], hostGoals: { h1: 'STOP', h2: 'STOP' } },
      {
        ...imperative,
        [MIGRATING_ANNOTATION]: '{"h1":"gone","h2":"grp"}',
      },
    )
    const back = reclaimed(moving, [moving, group])
    expect(back?.spec.hostGoals).toEqual({ h2: 'STOP' })
    expect(JSON.parse(back?.metadata.annotations[MIGRATING_ANNOTATION] ?? '')).toEqual({ h2: 'grp' })
    expect(reclaimed(moving, [moving, group, make('gone', {})])).toBeUndefined()
    expect(reclaimed(make('plain', { hosts: ['h1'] }), [group])).toBeUndefined()
  })
})
