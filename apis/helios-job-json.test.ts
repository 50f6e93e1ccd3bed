// Helios' job JSON read as Helios reads it; the ids inside Helios' own test resources are the known answers.
import { describe, expect, test } from 'vitest'
import { readHeliosJob } from './helios-job-json.js'
import { API_VERSION, parseObject } from './index.js'
import { JobSpec } from './job.js'
import { jobHash } from './job-hash.js'

// helios-client/src/test/resources/*.json (spotify/helios 819e594), verbatim; each id's hash is Helios' own.
const HELIOS_TEST_RESOURCES: [string, Record<string, unknown>][] = [
  [
    'job-with-external-ports-and-grace-period.json',
    {
      id: 'foobar:1:48d9888333089d782fc2bb0e1681c0afe1dc1454',
      image: 'example.net/foo/bar',
      gracePeriod: 500,
      ports: { http: { internalPort: 8080, externalPort: 8080, protocol: 'tcp' } },
      registration: { 'my-cool-service/http': { ports: { http: {} } } },
      volumes: { '/some/path:ro': '/another/path' },
    },
  ],
  [
    'job-with-external-ports.json',
    {
      id: 'foobar:1:104e77cf3aa8d497526e34e8631348069a544e0c',
      image: 'example.net/foo/bar',
      ports: { http: { internalPort: 8080, externalPort: 8080, protocol: 'tcp' } },
      registration: { 'my-cool-service/http': { ports: { http: {} } } },
      volumes: { '/some/path:ro': '/another/path' },
    },
  ],
  [
    'job-with-grace-period.json',
    {
      id: 'foobar:1:854145e9a5e09a8c635c0f584f45d5f26342bef7',
      image: 'example.net/foo/bar',
      gracePeriod: 10,
      ports: { http: { internalPort: 8080, protocol: 'tcp' } },
      registration: { 'my-cool-service/http': { ports: { http: {} } } },
      volumes: { '/some/path:ro': '/another/path' },
    },
  ],
  [
    'job-with-no-external-ports.json',
    {
      id: 'foobar:1:65597d013748b8eac1d86ac5088ab6e6bf9546b4',
      image: 'example.net/foo/bar',
      ports: { http: { internalPort: 8080, protocol: 'tcp' } },
      registration: { 'my-cool-service/http': { ports: { http: {} } } },
      volumes: { '/some/path:ro': '/another/path' },
    },
  ],
  [
    'job-with-no-ports.json',
    {
      id: 'foobar:1:253df2150e8993ba14086c106961377ebeae0185',
      image: 'example.net/foo/bar',
      volumes: { '/some/path:ro': '/another/path' },
    },
  ],
]

describe('readHeliosJob', () => {
  test.each(HELIOS_TEST_RESOURCES)('%s hashes to the hash in its id', (file, raw) => {
    const { name, version, hash, spec, unknownFields } = readHeliosJob(raw, file)
    expect(unknownFields).toEqual([])
    expect(jobHash(`${name}:${version}`, JobSpec.parse(spec))).toBe(hash)
  })

  test("explicit nulls are absent and the master's fields are dropped, as in `helios inspect --json` output", () => {
    const inspected = {
      addCapabilities: [],
      command: ['sleep', '60'],
      created: 1483228800000,
      creatingUser: 'helios',
      expires: '2030-01-31T12:00:00.000+0000',
      healthCheck: null,
      id: 'testjob:1:4f7125bff35d3cecaac237da3ab17efca8a765f9',
      image: 'busybox',
      ports: { http: { externalPort: null, internalPort: 80, ip: null, protocol: 'tcp' } },
      registrationDomain: '',
      rolloutOptions: null,
    }
    const job = readHeliosJob(inspected, 'inspect.json')
    expect(job).toMatchObject({ name: 'testjob', version: '1', hash: '4f7125bff35d3cecaac237da3ab17efca8a765f9' })
    expect(job.unknownFields).toEqual([])
    expect(job.spec).toEqual({
      addCapabilities: [],
      command: ['sleep', '60'],
      expires: '2030-01-31T12:00:00.000+00:00',
      image: 'busybox',
      ports: { http: { internalPort: 80, protocol: 'tcp' } },
      registrationDomain: '',
    })
    expect(JobSpec.safeParse(job.spec).success).toBe(true)
  })

  test('unknown fields, at the top and nested, are reported by path and left out; no id is no name', () => {
    const raw = {
      image: 'busybox',
      colour: 'red',
      ports: { http: { internalPort: 80, hostPort: 8080 } },
      registration: { web: { ports: { http: { tags: ['v2'], weight: 1 } } } },
      healthCheck: { type: 'http', port: 'http', path: '/', timeout: 5 },
    }
    const job = readHeliosJob(raw, 'job.json')
    expect(job.unknownFields).toEqual([
      'colour',
      'ports.http.hostPort',
      'registration.web.ports.http.weight',
      'healthCheck.timeout',
    ])
    expect(job.name).toBeUndefined()
    expect(JobSpec.parse(job.spec).registration).toEqual({ 'web/http': { ports: { http: { tags: ['v2'] } } } })
  })

  test.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])(
    'a field %s is unknown, at the top and in a nested object, reported and left out',
    (field) => {
      const raw = JSON.parse(`{"image":"busybox","${field}":{},"resources":{"${field}":1}}`)
      const job = readHeliosJob(raw, 'job.json')
      expect(job.unknownFields).toEqual([field, `resources.${field}`])
      expect(Object.getPrototypeOf(job.spec)).toBe(Object.prototype)
      expect(Object.keys(job.spec)).toEqual(['image', 'resources'])
      expect(JobSpec.safeParse(job.spec).success).toBe(true)
    },
  )

  test('a port named __proto__ is kept as a key, for parseObject to refuse by name', () => {
    const job = readHeliosJob(JSON.parse('{"image":"busybox","ports":{"__proto__":{"internalPort":80}}}'), 'job.json')
    const manifest = { apiVersion: API_VERSION, kind: 'Job', metadata: { name: 'p:1' }, spec: job.spec }
    expect(() => parseObject(manifest)).toThrow(
      expect.objectContaining({ causes: [expect.objectContaining({ field: 'spec.ports.__proto__' })] }),
    )
  })

  test('an id that is not a string is refused, naming the file', () => {
    expect(() => readHeliosJob({ id: 7, image: 'busybox' }, 'job.json')).toThrow(/^job\.json: id must be a string/)
  })
})

describe("registration, with Helios' validator's messages", () => {
  const issues = (spec: unknown) =>
    JobSpec.safeParse(spec).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []

  test('a registration without ports, or naming a port the Job lacks, is refused', () => {
    const ports = { http: { internalPort: 80 } }
    expect(issues({ image: 'busybox', ports, registration: { volumes: {} } })).toEqual([
      "registration.volumes/http: registration for 'volumes' is malformed: does not have a port mapping",
    ])
    expect(issues({ image: 'busybox', ports, registration: { 'web/tcp': { ports: { admin: {} } } } })).toEqual([
      'registration.web/tcp.ports.admin: Service registration refers to missing port mapping: web/tcp=admin',
    ])
    expect(issues({ image: 'busybox', ports, registration: { 'web/http': { ports: { http: {} } } } })).toEqual([])
  })

  test('a service name or protocol outside [_-\\w] (a newline, a space) is refused', () => {
    const ports = { http: { internalPort: 80 } }
    const registration = (key: string) =>
      issues({ image: 'busybox', ports, registration: { [key]: { ports: { http: {} } } } })
    expect(registration('svc/tcp\n')).toEqual(['registration.svc/tcp\n: Invalid service registration protocol: tcp\n'])
    expect(registration('svc/t p')).toEqual(['registration.svc/t p: Invalid service registration protocol: t p'])
    expect(registration('s\nvc/tcp')).toEqual(['registration.s\nvc/tcp: Invalid service registration name: s\nvc'])
    expect(registration('my-cool_service/tcp-2')).toEqual([])
  })

  test('the service name is checked even when the registration has no ports', () => {
    const spec = { image: 'busybox', registration: { 'we b\n/http': { ports: {} } } }
    expect(issues(spec)).toEqual(['registration.we b\n/http: Invalid service registration name: we b\n'])
  })
})

describe('registrationDomain', () => {
  const issues = (registrationDomain: string) =>
    JobSpec.safeParse({ image: 'busybox', registrationDomain }).error?.issues.map(
      (i) => `${i.path.join('.')}: ${i.message}`,
    ) ?? []

  test("'' (the agent's domain) and DNS names, relative or absolute, are taken", () => {
    for (const domain of ['', 'example', 'svc.example.net', 'svc.example.net.', '_x.a-b.c_d', `${'a'.repeat(63)}.net`])
      expect(issues(domain), domain).toEqual([])
  })

  test("anything that is not a DNS name is refused with Helios' one-line message (it is written into DNS files)", () => {
    const injection = 'x\naddress=/google.com/6.6.6.6\n#'
    expect(issues(injection)).toEqual([`registrationDomain: Invalid domain name: ${JSON.stringify(injection)}`])
    const bad = [
      'a b\tc',
      '-a.net',
      'a-.net',
      'a..net',
      '.',
      '.net',
      'a/b',
      `${'a'.repeat(64)}.net`,
      `${'a.'.repeat(127)}a`,
    ]
    for (const domain of bad) expect(issues(domain), domain).toHaveLength(1)
    expect(issues(`${'a.'.repeat(126)}a`)).toEqual([])
  })
})
