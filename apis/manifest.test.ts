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

describe('parseManifests refuses YAML beyond plain data', () => {
  test.each([
    ['!foo', 'image: !foo nginx'],
    ['!!python/object', 'image: !!python/object:os.system nginx'],
    ['!!python/object/apply', 'image: !!python/object/apply:os.system [echo hi]'],
    ['!!binary', 'image: !!binary bmdpbng='],
    ['!!set', 'env: !!set {A}'],
    ['!!omap', 'env: !!omap [{A: b}]'],
    ['!!timestamp', 'expires: !!timestamp 2030-01-01'],
    ['a %TAG handle', 'image: !e!x nginx'],
    ['a verbatim tag', 'image: !<tag:example.com,2000:x> nginx'],
  ])('%s is refused naming the file and line', (_, line) => {
    const text = `${job.replace('  image: nginx:1.7.1\n', '')}  ${line}\n`
    const withDirective = line.includes('!e!') ? `%TAG !e! tag:example.com,2000:\n---\n${text}` : text
    const err = errorOf(() => parseManifests(withDirective, 'evil.yaml'))
    expect(err.code).toBe('BadRequest')
    const lineNo = withDirective.split('\n').findIndex((l) => l.includes(line)) + 1
    expect(err.message).toMatch(new RegExp(`^evil\\.yaml:${lineNo}:\\d+: unsupported YAML tag`))
  })

  test('core tags and the non-specific tag stay plain data', () => {
    const text = job.replace('image: nginx:1.7.1', 'image: !!str nginx:1.7.1\n  command: !!seq [! a, !!str 1]')
    const parsed = parseManifests(text, 'ok.yaml')[0]?.object as Job
    expect(parsed.spec.image).toBe('nginx:1.7.1')
    expect(parsed.spec.command).toEqual(['a', '1'])
  })

  test('a tag in the second document names that document line', () => {
    const text = `${deployment}---\n${job.replace('image: nginx:1.7.1', 'image: !evil nginx:1.7.1')}`
    const err = errorOf(() => parseManifests(text, 'two.yaml'))
    expect(err.message).toMatch(/^two\.yaml:11:\d+: unsupported YAML tag \(Unresolved tag: !evil\)/)
  })

  test('an alias bomb ("billion laughs") is refused at once, not expanded', () => {
    let bomb = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
    for (let i = 1; i < 9; i++)
      bomb += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`
    const text = `apiVersion: helios/v1\nkind: Job\nmetadata: {name: bomb:v1}\nspec:\n  image: x\n  metadata: {}\n${bomb}`
    const started = process.memoryUsage().heapUsed
    const err = errorOf(() => parseManifests(text, 'bomb.yaml'))
    expect(err.code).toBe('BadRequest')
    expect(err.message).toMatch(/^bomb\.yaml: Excessive alias count/)
    expect(process.memoryUsage().heapUsed - started).toBeLessThan(200 * 1024 * 1024)
  })

  test('a few aliases (under the cap) still work', () => {
    const text = `${job}  env: &e {A: b}\n`.replace('  env: &e {A: b}\n', '  env: &e {A: b}\n  metadata: *e\n')
    const parsed = parseManifests(text, 'alias.yaml')[0]?.object as Job
    expect(parsed.spec.metadata).toEqual({ A: 'b' })
  })
})
