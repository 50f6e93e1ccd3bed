// `create` as Helios' CLI: its job files (no id, nulls, unknown fields), its flags and its refusals, against a fake apiserver.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Job } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const FIXTURES = join(import.meta.dirname, '../../e2e/helios-job-files/fixtures')
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8')
const spec = (name: string) => (server.stored('Job', name) as Job | undefined)?.spec

describe('create -f with a Helios job file', () => {
  // Expected ids: Helios' own Job class (helios-client 819e594) on the same file (e2e/helios-job-files/README.md).
  test("the user manual's full example gets Helios' hash", async () => {
    const file = await fixture('user-manual-all-options.json')
    // Its expiry is in the past; Helios' CLI refuses that, so the clock is set before it.
    const clock = { now: () => Date.parse('2014-01-01T00:00:00Z'), sleep: async () => {} }
    const created = await heliosctl(server.url, ['create', '-q', '-f', '-'], { stdin: file, clock } as never)
    expect(created.stderr).toBe('')
    expect(created.stdout).toBe('myservice:0.5:dccfb4a523481746820055d2fbfe88f6ebe5288f\n')
    expect(spec('myservice:0.5')?.registration).toEqual({ 'fooservice/http': { ports: { http: {} } } })
  })

  test('without an id, the id comes from the command line; with none there, Helios refuses it', async () => {
    const file = await fixture('job_config.json')
    const refused = await heliosctl(server.url, ['create', '-f', '-'], { stdin: file })
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error: Job name was not specified\.\n/),
    })
    const created = await heliosctl(
      server.url,
      ['create', '-q', 'job-config:1', 'helios-test/busybox:latest', '-f', '-'],
      {
        stdin: file,
      },
    )
    expect(created.stdout).toBe('job-config:1:0aa2c18baebcfa4367d1d7860c730eec935907b7\n')
    expect(server.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1)
  })

  test("GIT_COMMIT in the environment becomes metadata, under the file's and the flags'", async () => {
    const file = await fixture('job_config.json')
    const argv = ['create', '-q', 'job-config-git:1', 'helios-test/busybox:latest', '-f', '-']
    const created = await heliosctl(server.url, argv, { stdin: file, env: { GIT_COMMIT: '0123abc' } })
    expect(created.stdout).toBe('job-config-git:1:5ffa789bbb48778c78dc9e1c559f8fc0eba5b78d\n')
    expect(spec('job-config-git:1')?.metadata).toEqual({ GIT_COMMIT: '0123abc' })
    await heliosctl(server.url, [...argv.slice(0, 2), 'g2:1', ...argv.slice(3), '-m', 'GIT_COMMIT=mine'], {
      stdin: file,
      env: { GIT_COMMIT: '0123abc' },
    })
    expect(spec('g2:1')?.metadata).toEqual({ GIT_COMMIT: 'mine' })
  })

  test('unknown fields are one warning line each, naming the file and field; the job is still created', async () => {
    const raw = { image: 'busybox', colour: 'red', ports: { http: { internalPort: 80, hostPort: 1 } } }
    const created = await heliosctl(server.url, ['create', '-q', 'w:1', '-f', '-'], { stdin: JSON.stringify(raw) })
    expect(created.code).toBe(0)
    expect(created.stderr).toBe(
      'warning: <stdin>: unknown field "colour" ignored (Helios ignores it too)\n' +
        'warning: <stdin>: unknown field "ports.http.hostPort" ignored (Helios ignores it too)\n',
    )
  })

  test("a file's past expiry and a hash that is not the job's are refused in Helios' words, nothing sent", async () => {
    const expired = await heliosctl(server.url, ['create', 'x:1', '-f', '-'], {
      stdin: '{"image": "busybox", "expires": "2014-06-01T12:00:00Z"}',
    })
    expect(expired.stderr).toMatch(/^error: Job expires in the past - 2014-06-01T12:00:00Z is before /)
    const mismatch = await heliosctl(server.url, ['create', `x:1:${'0'.repeat(40)}`, 'busybox'])
    expect(mismatch.stderr).toMatch(/^error: Id hash mismatch: 0{40} != [0-9a-f]{40}\n/)
    expect(server.requests).toEqual([])
  })
})

describe("a Helios job file's id and expiry", () => {
  const create = (file: Record<string, unknown>, argv: string[] = []) =>
    heliosctl(server.url, ['create', '-q', ...argv, '-f', '-'], { stdin: JSON.stringify(file) })

  test.each(['i1:1:2:3', 'i1:1:'])('an id %s is refused as Helios refuses it, naming the file', async (id) => {
    const refused = await create({ id, image: 'busybox' })
    expect(refused).toMatchObject({ code: 1, stderr: `error: <stdin>: id: Invalid Job id: ${id}\n` })
    expect(server.requests).toEqual([])
  })

  // Helios' JobCreateCommand builds the job without a hash, so the user manual's example (a stale hash) is created.
  test("a hash in the file's id is replaced by the job's, as Helios' CLI does", async () => {
    for (const given of ['deadbeef', 'A'.repeat(40)]) {
      const created = await create({ id: `h:${given.length}:${given}`, image: 'busybox' })
      expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^h:\d+:[0-9a-f]{40}\n$/) })
      expect(created.stdout).not.toContain(given)
    }
  })

  test.each(['garbage', '+275760-09-13T00:00:00.001Z', '2030-01-01T00:00:00+9999', true, 1.5])(
    'an expiry %s is "not a date", naming the file, never "in the past"',
    async (expires) => {
      const refused = await create({ id: 'e:1', image: 'busybox', expires })
      expect(refused).toMatchObject({ code: 1, stderr: 'error: <stdin>: expires: not a date\n' })
      expect(server.requests).toEqual([])
    },
  )

  test.each([4102444800000, '4102444800000'])('an expiry %s is epoch ms, as Jackson reads it', async (expires) => {
    expect((await create({ id: 'e:1', image: 'busybox', expires })).code).toBe(0)
    expect(spec('e:1')?.expires).toBe('2100-01-01T00:00:00.000Z')
  })
})

describe('create -f: what cannot be a job file is one line naming it', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'create-file-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  test('10,000 unknown fields are 20 warning lines and one counting the rest', async () => {
    const raw = Object.fromEntries([['image', 'busybox'], ...Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 1])])
    const created = await heliosctl(server.url, ['create', '-q', 'u:1', '-f', '-'], { stdin: JSON.stringify(raw) })
    const lines = created.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(21)
    expect(lines[19]).toBe('warning: <stdin>: unknown field "f19" ignored (Helios ignores it too)')
    expect(lines[20]).toBe('warning: <stdin>: … and 9980 more unknown fields')
    expect(created.code).toBe(0)
  })

  test.each([
    ['a directory', async () => dir, 'is a directory'],
    ['endless', async () => '/dev/zero', 'larger than the 1 MiB an object may be'],
    ['missing', async () => join(dir, 'none.json'), 'no such file or directory'],
    [
      'UTF-16LE',
      () => write('le.json', Buffer.from('\ufeff{"image":"busybox"}', 'utf16le')),
      'UTF-16 is not supported; save it as UTF-8',
    ],
    [
      'UTF-16BE',
      () => write('be.json', Buffer.from([0xfe, 0xff, 0, 0x7b, 0, 0x7d])),
      'UTF-16 is not supported; save it as UTF-8',
    ],
  ])('%s', async (_, path, message) => {
    const file = await path()
    const refused = await heliosctl(server.url, ['create', 'x:1', '-f', file])
    expect(refused.stderr).toBe(`error: ${file}: ${message}\n`)
    expect(refused.code).not.toBe(0)
    expect(server.requests).toEqual([])
  })

  test('a job larger than the apiserver takes is refused before it is printed', async () => {
    const refused = await heliosctl(server.url, ['create', 'big:1', 'busybox', '--env', `A=${'x'.repeat(1.1e6)}`])
    expect(refused).toMatchObject({ code: 1, stdout: '' })
    expect(refused.stderr).toMatch(/^error: the job is larger than the 1 MiB an object may be\n/)
    expect(server.requests).toEqual([])
  })

  const write = async (name: string, bytes: Buffer) => {
    await writeFile(join(dir, name), bytes)
    return join(dir, name)
  }
})

describe("create's Helios flags", () => {
  test('each lands in the spec', async () => {
    const argv = [
      'create',
      '-q',
      'web:v1',
      'nginx',
      '-p',
      'http=80',
      '--hostname',
      'web1',
      '-r',
      'web',
      '-r',
      'www/tcp=http',
    ]
    argv.push('--registration-domain', 'example.com', '--security-opt', 'seccomp=unconfined', '--network-mode', 'host')
    argv.push(
      '--add-capability',
      'NET_ADMIN',
      '--add-capability',
      'SYS_TIME',
      '--drop-capability',
      'KILL',
      '--runtime',
      'runc',
    )
    argv.push(
      '--rollout-options',
      'parallelism=2',
      '--rollout-options',
      'overlap=true',
      '--rollout-options',
      '{"token": "7"}',
    )
    expect((await heliosctl(server.url, argv)).code).toBe(0)
    expect(spec('web:v1')).toMatchObject({
      hostname: 'web1',
      registration: { 'web/http': { ports: { http: {} } }, 'www/tcp': { ports: { http: {} } } },
      registrationDomain: 'example.com',
      securityOpt: ['seccomp=unconfined'],
      networkMode: 'host',
      addCapabilities: ['NET_ADMIN', 'SYS_TIME'],
      dropCapabilities: ['KILL'],
      runtime: 'runc',
      rolloutOptions: { parallelism: 2, overlap: true, token: '7' },
    })
  })

  test.each([
    [['-r', 'web'], 'error: Need port mappings for service registration.'],
    [['-p', 'a=1', '-p', 'b=2', '-r', 'web'], 'error: Need exactly one port mapping for implicit service registration'],
    [['-r', '9web'], 'error: Bad registration: 9web'],
    [['-p', 'a=1', '-r', 'web=b'], 'Service registration refers to missing port mapping: web/http=b'],
    [
      ['--rollout-options', 'parallelism'],
      "Bad format for rollout_options: 'parallelism', expecting =-delimited pairs",
    ],
    [['--rollout-options', 'speed=2'], 'unknown rollout option "speed"'],
    [['--http-check', 'http'], 'Invalid HTTP health check: http'],
  ])('%j is refused: %s', async (flags, message) => {
    const result = await heliosctl(server.url, ['create', 'web:v1', 'nginx', ...flags])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(message)
    expect(server.requests).toEqual([])
  })

  test('-t makes a job from an existing one, with flags on top; it needs a new id and excludes -f', async () => {
    await heliosctl(server.url, ['create', 'web:v1', 'nginx', '-p', 'http=80', '--env', 'A=1'])
    expect((await heliosctl(server.url, ['create', 'web:v2', '-t', 'web:v1', '--env', 'B=2'])).code).toBe(0)
    expect(spec('web:v2')).toMatchObject({
      image: 'nginx',
      ports: { http: { internalPort: 80 } },
      env: { A: '1', B: '2' },
    })
    const noId = await heliosctl(server.url, ['create', '-t', 'web:v1'])
    expect(noId).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: Please specify new job name and version\n/),
    })
    const both = await heliosctl(server.url, ['create', 'web:v3', '-t', 'web:v1', '-f', '-'], { stdin: '{}' })
    expect(both.stderr).toMatch(/^error: Please use only one of -t\/--template and -f\/--file\n/)
    const unknown = await heliosctl(server.url, ['create', 'web:v3', '-t', 'nope:v1'])
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: Unknown job: nope:v1\n/) })
  })
})
