// Issue 13 item 3: every kind's name is capped (253, as Kubernetes), so no name outgrows a URL, a ZooKeeper path or a column.
import { describe, expect, test } from 'vitest'
import { MAX_NAME_LENGTH, MAX_TASK_NAME_LENGTH, parseObject } from './index.js'

const base = (kind: string, name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'helios/v1',
  kind,
  metadata: { name },
  ...extra,
})
const BUILDERS: Record<string, (name: string) => unknown> = {
  Job: (name) => base('Job', name, { spec: { image: 'nginx:1.7.1' } }),
  Deployment: (name) => base('Deployment', name, { spec: { job: 'web:v1' } }),
  Host: (name) => base('Host', name, { spec: {} }),
  Event: (name) =>
    base('Event', name, {
      involvedObject: { kind: 'Host', name: 'h1' },
      reason: 'Test',
      source: { component: 'agent' },
      timestamp: '2026-01-01T00:00:00Z',
    }),
}
const nameOf = (kind: string, length: number) =>
  kind === 'Job'
    ? `${'j'.repeat(Math.ceil(length / 2))}:${'v'.repeat(length - Math.ceil(length / 2) - 1)}`
    : 'n'.repeat(length)

describe('name caps', () => {
  test.each(Object.keys(BUILDERS))(
    '%s: 253 characters are fine, 254 and 300,000 are refused naming metadata.name',
    (kind) => {
      const build = BUILDERS[kind] as (name: string) => unknown
      expect(parseObject(build(nameOf(kind, MAX_NAME_LENGTH))).metadata.name).toHaveLength(MAX_NAME_LENGTH)
      for (const length of [MAX_NAME_LENGTH + 1, 300_000]) {
        expect(() => parseObject(build(nameOf(kind, length)))).toThrow(
          expect.objectContaining({
            code: 'Invalid',
            causes: expect.arrayContaining([expect.objectContaining({ field: 'metadata.name' })]),
          }),
        )
      }
    },
  )

  test('a Task joins two names: deployment@host~surge up to 513 characters', () => {
    const task = (name: string) =>
      base('Task', name, {
        spec: {
          host: 'h',
          deployment: 'd',
          job: 'web:v1',
          jobId: 'web:v1:abc',
          jobSpec: { image: 'nginx' },
          goal: 'START',
        },
      })
    const longest = `${'d'.repeat(253)}@${'h'.repeat(253)}~surge`
    expect(longest).toHaveLength(MAX_TASK_NAME_LENGTH)
    expect(parseObject(task(longest)).metadata.name).toBe(longest)
    expect(() => parseObject(task(`${'d'.repeat(254)}@${'h'.repeat(253)}~surge`))).toThrow(/at most 513 characters/)
  })

  test('names a Deployment refers to are capped too, and annotations at 256 KiB in all', () => {
    const refersTo = (spec: Record<string, unknown>) => () => parseObject(base('Deployment', 'web', { spec }))
    expect(refersTo({ job: nameOf('Job', 254) })).toThrow(/spec\.job/)
    expect(refersTo({ job: 'web:v1', hosts: ['h'.repeat(254)] })).toThrow(/spec\.hosts/)
    const notes = (size: number) => ({
      apiVersion: 'helios/v1',
      kind: 'Host',
      metadata: { name: 'h', annotations: { a: 'x'.repeat(size) } },
      spec: {},
    })
    expect(() => parseObject(notes(256 * 1024))).toThrow(/annotations are at most 256 KiB/)
    expect(parseObject(notes(1024)).metadata.annotations.a).toHaveLength(1024)
  })
})
