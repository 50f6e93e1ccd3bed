// Names and label keys are users' words: `toString`, `constructor` and `__proto__` are ordinary keys, never Object.prototype's.
import { expect, test } from 'vitest'
import { ApiError, goalOn, isKind, kindFromUser, matchesAll, parseHostSelector, parseObject } from './index.js'

const KEYS = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__']

test.each(KEYS)('a host named %s takes the Deployment goal unless its own per-host goal says otherwise', (host) => {
  expect(goalOn({ spec: { goal: 'START', hostGoals: { web1: 'STOP' } } }, host)).toBe('START')
  expect(goalOn({ spec: { goal: 'START' } }, host)).toBe('START')
})

test.each(KEYS.filter((k) => k !== '__proto__'))('a selector on label %s matches only a host that has it', (key) => {
  const selector = (expr: string) => {
    const parsed = parseHostSelector(expr)
    if (typeof parsed === 'string') throw new Error(parsed)
    return [parsed]
  }
  expect(matchesAll({}, selector(`${key}=x`))).toBe(false)
  // As in Helios, even != needs the host to carry the label.
  expect(matchesAll({}, selector(`${key}!=x`))).toBe(false)
  expect(matchesAll({ [key]: 'y' }, selector(`${key}!=x`))).toBe(true)
  expect(matchesAll({ [key]: 'x' }, selector(`${key}=x`))).toBe(true)
})

test('a "__proto__" key anywhere in an object is refused naming its field, never silently dropped', () => {
  const job = (spec: string) =>
    JSON.parse(`{"apiVersion":"helios/v1","kind":"Job","metadata":{"name":"web:v1"},"spec":${spec}}`)
  for (const [spec, field] of [
    ['{"image":"nginx","env":{"__proto__":"x"}}', 'spec.env.__proto__'],
    ['{"image":"nginx","ports":{"__proto__":{"internalPort":80}}}', 'spec.ports.__proto__'],
    ['{"image":"nginx","__proto__":{"token":"x"}}', 'spec.__proto__'],
  ] as const) {
    expect(() => parseObject(job(spec))).toThrow(
      expect.objectContaining({ causes: [expect.objectContaining({ field })] }),
    )
  }
})

test('a body nested 100,000 deep is refused as invalid, never a stack overflow', () => {
  let deep: unknown = 'x'
  for (let i = 0; i < 100_000; i++) deep = [deep]
  const job = { apiVersion: 'helios/v1', kind: 'Job', metadata: { name: 'deep:v1' }, spec: { image: 'a', env: deep } }
  expect(() => parseObject(job)).toThrow(expect.objectContaining({ code: 'Invalid' }))
})

const INHERITED = KEYS.filter((k) => k !== '__proto__')
const jobWith = (spec: Record<string, unknown>) => ({
  apiVersion: 'helios/v1',
  kind: 'Job',
  metadata: { name: 'web:v1' },
  spec: { image: 'nginx', ...spec },
})
const causes = (spec: Record<string, unknown>) => {
  try {
    parseObject(jobWith(spec))
    return []
  } catch (err) {
    return (err as { causes: { field: string; message: string }[] }).causes
  }
}

test.each(INHERITED)('a registration of port %s is refused when the Job has no such port of its own', (port) => {
  expect(causes({ registration: { svc: { ports: { [port]: {} } } } })).toContainEqual({
    field: `spec.registration.svc/http.ports.${port}`,
    message: `Service registration refers to missing port mapping: svc/http=${port}`,
  })
})

test.each(INHERITED)('a health check on port %s is refused when the Job has no such port of its own', (port) => {
  expect(causes({ healthCheck: { type: 'tcp', port } })).toContainEqual(
    expect.objectContaining({ field: 'spec.healthCheck.port' }),
  )
})

test.each(INHERITED)('%s is no kind, whether as a name or as what a user types', (word) => {
  expect(isKind(word)).toBe(false)
  expect(kindFromUser(word)).toBeUndefined()
})

test.each(INHERITED)('a Status whose reason is %s is read by its HTTP status', (reason) => {
  expect(ApiError.fromStatus({ reason: reason as never, message: 'm' }, 404).code).toBe('NotFound')
})
