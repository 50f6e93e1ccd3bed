import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { compactObject } from './compact-object.js'
import { TEMPLATES } from './shared-subtrees.js'

const jobSpec = () => ({
  image: 'busybox',
  command: ['sleep', '1'],
  env: { A: 'b' },
  ports: { http: { internalPort: 80 } },
})
const task = (host: string, status: Record<string, unknown> = { state: 'RUNNING' }) => ({
  apiVersion: 'helios/v1',
  kind: 'Task',
  metadata: { name: `web@${host}`, labels: { app: 'web' }, resourceVersion: '7' },
  spec: { host, deployment: 'web', job: 'web:v1', jobSpec: jobSpec(), goal: 'START' },
  status,
})

/** Every object and array in `value`, `value` included. */
function nodes(value: unknown, out: object[] = []): object[] {
  if (value !== null && typeof value === 'object') {
    out.push(value)
    for (const child of Object.values(value)) nodes(child, out)
  }
  return out
}

describe('compactObject', () => {
  test('reads back equal to what was written, as the same JSON, deep-frozen', () => {
    const input = task('h1')
    const copy = structuredClone(input)
    const held = compactObject(input)
    expect(held).toEqual(copy)
    expect(JSON.stringify(held)).toBe(JSON.stringify(copy))
    expect(nodes(held).every((n) => Object.isFrozen(n))).toBe(true)
  })

  test('frozen sub-objects are kept as they are; a frozen whole is returned as it is', () => {
    const spec = Object.freeze({ host: 'h1' })
    const held = compactObject({ metadata: { name: 'a' }, spec })
    expect(held.spec).toBe(spec)
    expect(compactObject(held)).toBe(held)
  })

  test('any JSON value reads back equal, with and without a previous version to share with (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (value, before) => {
        const prev = compactObject({ v: before })
        const held = compactObject({ v: JSON.parse(JSON.stringify(value)) }, prev)
        expect(JSON.stringify(held)).toBe(JSON.stringify({ v: value }))
        expect(nodes(held).every((n) => Object.isFrozen(n))).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  test('a status write shares spec, labels and all with the version before; what changed is new', () => {
    const v1 = compactObject(task('h1'))
    const v2 = compactObject(task('h1', { state: 'STOPPED' }), v1)
    expect(v2).not.toBe(v1)
    expect(v2.spec).toBe(v1.spec)
    expect(v2.metadata).toBe(v1.metadata)
    expect(v2.status).not.toBe(v1.status)
    expect(v2.status).toEqual({ state: 'STOPPED' })
    expect(v1.status).toEqual({ state: 'RUNNING' })
    const v3 = compactObject({ ...task('h1'), metadata: { ...task('h1').metadata, labels: { app: 'db' } } }, v2)
    expect(v3.metadata).not.toBe(v2.metadata)
    expect(v3.metadata.labels).toEqual({ app: 'db' })
    expect(v3.spec).toBe(v1.spec)
  })

  test('equal values in another order, or with a key more or less, are not taken for the previous version', () => {
    const v1: object = compactObject({ spec: { a: 1, b: 2 }, list: [1, 2] })
    const reordered = compactObject({ spec: { b: 2, a: 1 }, list: [2, 1] }, v1)
    expect(JSON.stringify(reordered)).toBe('{"spec":{"b":2,"a":1},"list":[2,1]}')
    const more = compactObject({ spec: { a: 1, b: 2, c: 3 }, list: [1, 2, 3] }, v1)
    expect(more).toEqual({ spec: { a: 1, b: 2, c: 3 }, list: [1, 2, 3] })
    const fewer = compactObject({ spec: { a: 1 }, list: [1] }, v1)
    expect(fewer).toEqual({ spec: { a: 1 }, list: [1] })
    const typed = compactObject({ spec: [1, 2], list: { 0: 1, 1: 2 } }, v1)
    expect(JSON.stringify(typed)).toBe('{"spec":[1,2],"list":{"0":1,"1":2}}')
  })

  test("Tasks of one Job hold one jobSpec, the Job's own spec; another spec is apart", () => {
    const templates = TEMPLATES.Task
    const a = compactObject(task('h1'), undefined, templates)
    const b = compactObject(task('h2'), undefined, templates)
    expect(b.spec.jobSpec).toBe(a.spec.jobSpec)
    expect(b.spec).not.toBe(a.spec)
    const job = compactObject({ kind: 'Job', metadata: { name: 'web:v1' }, spec: jobSpec() }, undefined, TEMPLATES.Job)
    expect(job.spec).toBe(a.spec.jobSpec)
    const other = compactObject(
      { ...task('h3'), spec: { ...task('h3').spec, jobSpec: { ...jobSpec(), image: 'x' } } },
      undefined,
      templates,
    )
    expect(other.spec.jobSpec).not.toBe(a.spec.jobSpec)
    expect(other.spec.jobSpec.image).toBe('x')
    // Same content, other key order: another JSON, so another object.
    const { image, ...rest } = jobSpec()
    const reordered = compactObject(
      { ...task('h4'), spec: { ...task('h4').spec, jobSpec: { ...rest, image } } },
      undefined,
      templates,
    )
    expect(reordered.spec.jobSpec).not.toBe(a.spec.jobSpec)
    expect(JSON.stringify(reordered.spec.jobSpec)).toBe(JSON.stringify({ ...rest, image }))
  })

  test('a JSON "__proto__" key stays an own property and never becomes the prototype', () => {
    const input = JSON.parse('{"spec":{"__proto__":{"polluted":true},"a":1}}')
    const held = compactObject(input)
    expect(Object.getPrototypeOf(held.spec)).toBe(Object.prototype)
    expect(Object.keys(held.spec)).toEqual(['__proto__', 'a'])
    expect(JSON.stringify(held)).toBe('{"spec":{"__proto__":{"polluted":true},"a":1}}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('a value nested 100,000 deep neither overflows the stack nor stays mutable', () => {
    let deep: Record<string, unknown> = { leaf: 'x' }
    for (let i = 0; i < 100_000; i++) deep = { d: deep }
    const held = compactObject({ spec: deep }, undefined, [['spec']])
    let node: unknown = held.spec
    let levels = 0
    for (; node && typeof node === 'object' && Object.isFrozen(node); levels++) node = (node as { d?: unknown }).d
    expect(levels).toBe(100_001)
  })
})
