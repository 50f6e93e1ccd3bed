import { describe, expect, test } from 'vitest'
import { ApiError } from './errors.js'
import type { Job } from './job.js'
import { jobId } from './job-id.js'
import { parseManifests } from './manifest.js'

const job = `apiVersion: helios/v1
kind: Job
metadata:
  name: nginx:v1
spec:
  image: nginx:1.7.1
  ports:
    http: {internalPort: 80, externalPort: 8080}
  healthCheck: {type: http, port: http}
`
const deployment = `apiVersion: helios/v1
kind: Deployment
metadata: {name: nginx}
spec: {job: "nginx:v1", hosts: [web1]}
`
function errorOf(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected an ApiError')
}

describe('parseManifests', () => {
  test('parses a multi-document file and fills defaults', () => {
    const docs = parseManifests(`${job}---\n${deployment}`, 'app.yaml')
    expect(docs.map((d) => d.object.kind)).toEqual(['Job', 'Deployment'])
    const parsed = docs[0]?.object as Job
    expect(parsed.spec.ports.http).toEqual({ internalPort: 80, externalPort: 8080, protocol: 'tcp' })
    expect(parsed.spec.healthCheck).toEqual({ type: 'http', port: 'http', path: '/' })
    expect(parsed.spec.command).toEqual([])
    expect(docs[1]?.source).toBe('app.yaml#2')
  })

  test('malformed YAML names the file and line', () => {
    const err = errorOf(() => parseManifests('kind: Job\nmetadata: {name: [\n', 'bad.yaml'))
    expect(err.code).toBe('BadRequest')
    expect(err.message).toMatch(/^bad\.yaml:\d+:\d+: malformed YAML/)
  })

  test('an impossible port names the file, document, object, field and line', () => {
    const text = `${deployment}---\n${job.replace('externalPort: 8080', 'externalPort: 70000')}`
    const err = errorOf(() => parseManifests(text, 'app.yaml'))
    expect(err.code).toBe('Invalid')
    expect(err.message).toContain('app.yaml (document 2): Job "nginx:v1" is invalid: spec.ports.http.externalPort')
    expect(err.message).toMatch(/\(line 13\)$/)
    expect(err.causes[0]?.field).toBe('spec.ports.http.externalPort')
  })

  test('unknown fields, wrong types, empty image and bad names are each named', () => {
    const cases: Array<[string, string]> = [
      [job.replace('  image: nginx:1.7.1', '  image: nginx:1.7.1\n  imagee: x'), 'spec.imagee'],
      [job.replace('image: nginx:1.7.1', 'image: ""'), 'spec.image'],
      [job.replace('internalPort: 80', 'internalPort: "80"'), 'spec.ports.http.internalPort'],
      [job.replace('name: nginx:v1', 'name: nginx'), 'metadata.name'],
      [job.replace('port: http}', 'port: admin}'), 'spec.healthCheck.port'],
      [deployment.replace('hosts: [web1]', 'hostSelector: ["role = = web"]'), 'spec.hostSelector[0]'],
    ]
    for (const [text, field] of cases) {
      expect(errorOf(() => parseManifests(text, 'f.yaml')).causes.map((c) => c.field)).toContain(field)
    }
  })

  test('a bad record key says why, not just "Invalid key in record"', () => {
    const err = errorOf(() =>
      parseManifests(job.replace('  image: nginx:1.7.1', '  image: nginx:1.7.1\n  volumes: {data: /srv}')),
    )
    expect(err.causes).toEqual([{ field: 'spec.volumes.data', message: 'volume targets are "/abs/path[:ro|rw]"' }])
  })

  test('unknown kind and apiVersion are refused', () => {
    expect(errorOf(() => parseManifests(job.replace('kind: Job', 'kind: Pod'))).message).toContain('unknown kind "Pod"')
    expect(errorOf(() => parseManifests(job.replace('helios/v1', 'v1'))).causes[0]?.field).toBe('apiVersion')
  })
})

describe('jobId', () => {
  test('is stable, ignores empty defaults and changes with the spec', () => {
    const spec = (parseManifests(job)[0]!.object as Job).spec
    const id = jobId('nginx:v1', spec)
    expect(id).toMatch(/^nginx:v1:[0-9a-f]{40}$/)
    expect(jobId('nginx:v1', { ...spec, env: {}, securityOpt: [] })).toBe(id)
    expect(jobId('nginx:v1', { ...spec, image: 'nginx:1.7.2' })).not.toBe(id)
    expect(jobId('nginx:v2', spec)).not.toBe(id)
  })
})
