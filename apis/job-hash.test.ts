// Known answers from Helios' own sources: a Job spec here hashes as Helios' master hashed the same job.
import { describe, expect, test } from 'vitest'
import { JobSpec, type JobSpecInput } from './job.js'
import { hashedJobJson, javaHashSetOrder, jobHash } from './job-hash.js'

const hash = (name: string, spec: JobSpecInput) => jobHash(name, JobSpec.parse(spec))

describe("jobHash gives Helios' hashes", () => {
  // helios-client/src/test/java/com/spotify/helios/common/descriptors/JobIdHashIsStableTest.java
  test('JobIdHashIsStableTest.testMinimalJob', () => {
    expect(hash('foo:bar', { image: 'foo/bar:1' })).toBe('3f5c6e4aef30e1ab68931dbd66a83226410b87e9')
  })

  test('JobIdHashIsStableTest.testInitialFullJob (every field of its time, a date among them)', () => {
    const spec: JobSpecInput = {
      env: { ENV: 'VAR' },
      metadata: { META: 'DATA' },
      ports: { port1: { internalPort: 80 } },
      volumes: { '/tmp': '' },
      registration: { 'svc/tcp': { ports: { port1: {} } } },
      addCapabilities: ['cap1', 'cap2'],
      command: ['echo', 'hi'],
      dropCapabilities: ['cap3'],
      expires: new Date(1484270348).toISOString(),
      gracePeriod: 10,
      healthCheck: { type: 'http', path: '/hello', port: 'port1' },
      hostname: 'hostname',
      image: 'image:1.2.3',
      networkMode: 'host',
      registrationDomain: 'domain',
      resources: { memory: 1, memorySwap: 2, cpuShares: 3, cpuset: '4' },
      secondsToWaitBeforeKill: 99,
      securityOpt: ['opt'],
      token: 'token',
    }
    expect(hash('a-full-job:1', spec)).toBe('9693b4579ac48ed41f317ecf5edc5496b005b79d')
  })

  // docs/user_manual.md "Specifying a command to run" and "Passing environment variables" (their ids are swapped there)
  test("the user manual's testjob:1 ids", () => {
    const command = ['/bin/sh', '-c', 'while true; do date; sleep 60; done']
    expect(hash('testjob:1', { image: 'ubuntu:12.04', command })).toBe('4f7125bff35d3cecaac237da3ab17efca8a765f9')
    const withEnv = ['/bin/sh', '-c', 'while true; do echo $FOO; date; sleep 60; done']
    expect(hash('testjob:1', { image: 'ubuntu:12.04', command: withEnv, env: { FOO: 'bar' } })).toBe(
      'da2fa2d26da6a8392536826631e58803e3fcc911',
    )
  })
})

describe('hashedJobJson', () => {
  test('leaves out empty fields and defaults but keeps empty values inside maps, as Jackson does', () => {
    const spec = JobSpec.parse({
      image: 'busybox',
      env: { EMPTY: '' },
      token: '',
      registration: { web: { ports: { http: {} } } },
      ports: { http: { internalPort: 80 } },
    })
    expect(hashedJobJson('web', 'v1', spec)).toBe(
      '{"env":{"EMPTY":""},"image":"busybox","name":"web","ports":{"http":{"internalPort":80,"protocol":"tcp"}},' +
        '"registration":{"web/http":{"ports":{"http":{}}}},"version":"v1"}',
    )
  })

  test('a date is written as Jackson 2.9 writes it; false stays in rollout options, an empty token does not', () => {
    const spec = JobSpec.parse({
      image: 'busybox',
      expires: '2030-01-31T13:00:00+01:00',
      rolloutOptions: { migrate: false, token: '' },
    })
    expect(hashedJobJson('a', '1', spec)).toContain('"expires":"2030-01-31T12:00:00.000+0000"')
    expect(hashedJobJson('a', '1', spec)).toContain('"rolloutOptions":{"migrate":false}')
  })
})

describe('javaHashSetOrder', () => {
  test('orders as a java.util.HashSet iterates, without duplicates', () => {
    // "KILL" falls in bucket 13 of 16, "SYS_BOOT" in 12 (java.util.HashSet prints [SYS_BOOT, KILL]).
    expect(javaHashSetOrder(['KILL', 'SYS_BOOT', 'KILL'])).toEqual(['SYS_BOOT', 'KILL'])
    expect(javaHashSetOrder(['cap1', 'cap2'])).toEqual(['cap1', 'cap2'])
  })
})
