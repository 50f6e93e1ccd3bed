import { describe, expect, test } from 'vitest'
import { Deployment, type DeploymentInput, Host, MIGRATING_ANNOTATION, type Task } from '../../apis/index.js'
import { blockedHosts, blockedMessage, withoutDuplicates } from './job-once.js'
import type { TaskAction } from './task-actions.js'

const make = (name: string, spec: Partial<DeploymentInput['spec']>, annotations: Record<string, string> = {}) =>
  Deployment.parse({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name, annotations },
    spec: { job: 'web:v1', ...spec },
  })
const task = (name: string, job = 'web:v1') => {
  const [deployment = '', rest = ''] = name.split('@')
  return {
    metadata: { name },
    spec: { deployment, host: rest.replace('~surge', ''), job, goal: 'START' },
  } as unknown as Task
}
const hosts = ['h1', 'h2', 'h3'].map((name) =>
  Host.parse({ apiVersion: 'helios/v1', kind: 'Host', metadata: { name, labels: { role: 'web' } } }),
)
const me = make('grp', { hostSelector: ['role=web'] })

describe('blockedHosts: where a Deployment may not start its Job', () => {
  const cases: Array<{ name: string; deployments?: Deployment[]; tasks?: Task[]; blocked: Record<string, RegExp> }> = [
    { name: 'nothing else: nothing blocked', blocked: {} },
    {
      name: "another Deployment's Task of the Job",
      tasks: [task('x@h2')],
      blocked: { h2: /^job web:v1 already runs on h2 for deployment "x" \(JOB_ALREADY_DEPLOYED\)$/ },
    },
    {
      name: "another Deployment's surge Task of the Job too",
      tasks: [task('x@h2~surge')],
      blocked: { h2: /deployment "x"/ },
    },
    { name: 'our own surge Task is no bar', tasks: [task('grp@h2~surge')], blocked: {} },
    { name: 'our own main Task: the host is ours already', tasks: [task('grp@h1'), task('x@h1')], blocked: {} },
    { name: 'another version is another Job', tasks: [task('x@h2', 'web:v2')], blocked: {} },
    {
      name: 'a host another Deployment names for the Job (before its Task exists)',
      deployments: [make('named', { hosts: ['h3'] })],
      blocked: { h3: /^job web:v1 is already deployed on h3 for deployment "named"/ },
    },
    {
      name: 'a host another Deployment only selects: first come',
      deployments: [make('sel', { hostSelector: ['role=web'] })],
      blocked: {},
    },
    {
      name: 'a host handed over to us: waiting, said so',
      deployments: [
        make('web-v1', { hosts: ['h1'] }, { 'helios/imperative': 'true', [MIGRATING_ANNOTATION]: '{"h1":"grp"}' }),
      ],
      tasks: [task('web-v1@h1')],
      blocked: { h1: /^waiting for deployment "web-v1" to stop job web:v1 there \(migrate\)$/ },
    },
    {
      name: 'a host handed over to someone else: blocked like any other',
      deployments: [
        make('web-v1', { hosts: ['h1'] }, { 'helios/imperative': 'true', [MIGRATING_ANNOTATION]: '{"h1":"other"}' }),
      ],
      tasks: [task('web-v1@h1')],
      blocked: { h1: /JOB_ALREADY_DEPLOYED/ },
    },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const facts = { deployments: [me, ...(c.deployments ?? [])], tasks: c.tasks ?? [], hosts }
      const blocked = blockedHosts(me, 'web:v1', ['h1', 'h2', 'h3'], facts)
      expect(Object.keys(Object.fromEntries(blocked))).toEqual(Object.keys(c.blocked))
      for (const [host, why] of Object.entries(c.blocked)) expect(blocked.get(host)).toMatch(why)
    })
  }
})

describe('withoutDuplicates: Task writes that would run a Job twice on a host are held back', () => {
  const desired = (host: string, job: string) => ({ name: `grp@${host}`, spec: { host, job, deployment: 'grp' } })
  test('creates and Job-changing updates onto a Job another Deployment runs there; deletes and other writes pass', () => {
    const actions = [
      { verb: 'create', task: desired('h1', 'web:v1') },
      { verb: 'create', task: desired('h2', 'web:v1') },
      { verb: 'update', task: task('grp@h3', 'web:v0'), spec: desired('h3', 'web:v1').spec },
      { verb: 'update', task: task('grp@h4', 'web:v1'), spec: { ...desired('h4', 'web:v1').spec, goal: 'STOP' } },
      { verb: 'delete', name: 'grp@h5' },
    ] as unknown as TaskAction[]
    const others = [task('x@h1'), task('y@h3'), task('z@h4'), task('grp@h2~surge')]
    const { actions: kept, held } = withoutDuplicates(actions, 'grp', others)
    expect(kept).toEqual([actions[1], actions[3], actions[4]])
    expect([...held.keys()]).toEqual(['h1', 'h3'])
    expect(held.get('h3')).toBe('job web:v1 already runs on h3 for deployment "y" (JOB_ALREADY_DEPLOYED)')
  })
})

test('blockedMessage lists five hosts in host order, then counts the rest', () => {
  const blocked = new Map(['h10', 'h2', 'h1', 'h3', 'h4', 'h5', 'h6'].map((h) => [h, 'why']))
  expect(blockedMessage(blocked)).toBe('h1: why; h2: why; h3: why; h4: why; h5: why; and 2 more hosts')
  expect(blockedMessage(new Map())).toBeUndefined()
})
