import { describe, expect, test } from 'vitest'
import { ApiError, type Deployment, type Job, MIGRATING_ANNOTATION, parseObject, type Task } from '../../apis/index.js'
import { MemoryStore } from '../storage/memory-store.js'
import { claimHeld } from '../storage/store-errors.js'
import { deploymentHoldings, explainClaimClash, taskHoldings } from './holdings.js'

const job = parseObject({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name: 'web:v1' },
  spec: { image: 'nginx', ports: { http: { internalPort: 80, externalPort: 8080 } } },
}) as Job
const deployment = (spec: object, annotations: Record<string, string> = {}) =>
  parseObject({
    apiVersion: 'helios/v1',
    kind: 'Deployment',
    metadata: { name: 'd', annotations },
    spec: { job: 'web:v1', ...spec },
  }) as Deployment
const task = (name: string, host: string) =>
  ({ metadata: { name }, spec: { host, job: 'web:v1', deployment: 'd' } }) as unknown as Task

describe('what a Deployment and a Task hold', () => {
  test('on each named host: the Job and its static ports; selector and handed-over hosts claim nothing', () => {
    expect(deploymentHoldings(deployment({ hosts: ['h1', 'h2'], hostSelector: ['role=web'] }), job).claims).toEqual([
      'host h1 job web:v1',
      'host h1 port 8080/tcp',
      'host h2 job web:v1',
      'host h2 port 8080/tcp',
    ])
    const handing = deployment({ hosts: ['h1', 'h2'] }, { [MIGRATING_ANNOTATION]: '{"h1":"grp"}' })
    expect(deploymentHoldings(handing, job).claims).toEqual(['host h2 job web:v1', 'host h2 port 8080/tcp'])
    // An unreadable handover annotation hands nothing over.
    const garbled = deployment({ hosts: ['h1'] }, { [MIGRATING_ANNOTATION]: '{"h1":' })
    expect(deploymentHoldings(garbled, job).claims).toEqual(['host h1 job web:v1', 'host h1 port 8080/tcp'])
    expect(deploymentHoldings(deployment({ job: undefined, hostSelector: ['a=b'] }), undefined).claims).toEqual([])
  })

  test('a main Task claims its Job on its host, a surge Task nothing', () => {
    expect(taskHoldings(task('d@h1', 'h1')).claims).toEqual(['host h1 runs job web:v1'])
    expect(taskHoldings(task('d@h1~surge', 'h1')).claims).toEqual([])
  })

  test('two Deployments claiming one Job on one host in the store: the second is refused in Helios words', async () => {
    const store = new MemoryStore()
    const holds = deploymentHoldings(deployment({ hosts: ['h1'] }), job)
    await store.create({ ...job } as never)
    await store.create(deployment({ hosts: ['h1'] }) as never, { holds })
    const second = await store
      .create({ ...deployment({ hosts: ['h1'] }), metadata: { name: 'e', labels: {}, annotations: {} } } as never, {
        holds,
      })
      .catch(explainClaimClash)
    expect(second).toMatchObject({
      code: 'Conflict',
      message: 'JOB_ALREADY_DEPLOYED: job web:v1 is already deployed on h1 by deployment "d"',
      causes: [
        {
          field: 'spec.hosts',
          message: 'h1: JOB_ALREADY_DEPLOYED: job web:v1 is already deployed on h1 by deployment "d"',
        },
      ],
    })
  })
})

describe('explainClaimClash', () => {
  const cases: Array<[string, string | undefined, string]> = [
    [
      'host h1 port 8080/tcp',
      'deployment "a"',
      'PORT_CONFLICT: port 8080/tcp on host h1 is already claimed by deployment "a"',
    ],
    [
      'host web-2.x port 53/udp',
      undefined,
      'PORT_CONFLICT: port 53/udp on host web-2.x is already claimed by another object',
    ],
    [
      'host h1 job web:v1',
      'deployment "a"',
      'JOB_ALREADY_DEPLOYED: job web:v1 is already deployed on h1 by deployment "a"',
    ],
    [
      'host h1 runs job web:v1',
      'task "a@h1"',
      'JOB_ALREADY_DEPLOYED: job web:v1 is already deployed on h1 by task "a@h1"',
    ],
  ]
  for (const [claim, holder, message] of cases) {
    test(claim, () => expect(explainClaimClash(claimHeld(claim, holder))).toMatchObject({ code: 'Conflict', message }))
  }

  test('anything else passes through as it is', () => {
    const other = new ApiError('Conflict', 'deployment "a" was modified concurrently; re-read and retry')
    expect(explainClaimClash(other)).toBe(other)
    const unknownClaim = claimHeld('something else', 'deployment "a"')
    expect(explainClaimClash(unknownClaim)).toBe(unknownClaim)
    const notFound = new ApiError('NotFound', 'x')
    expect(explainClaimClash(notFound)).toBe(notFound)
  })
})
