// `heliosctl endpoints [SERVICE]`: one row per endpoint of each registered service; --json; `get` and `describe endpoints`.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Endpoint, EndpointsInput } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'

const JOB = 'web:v1:0123456789abcdef0123456789abcdef01234567'
const endpoint = (host: string, address: string, port: number, more: Partial<Endpoint> = {}): Endpoint => ({
  host,
  address,
  port,
  portName: 'http',
  transport: 'tcp',
  tags: [],
  domain: '',
  job: JOB,
  task: `web@${host}`,
  ready: true,
  ...more,
})
const object = (service: string, protocol: string, endpoints: Endpoint[]): EndpointsInput => ({
  apiVersion: 'helios/v1',
  kind: 'Endpoints',
  metadata: { name: `${service}.${protocol}`, labels: {}, annotations: {}, creationTimestamp: '2024-05-01T12:00:00Z' },
  spec: { service, protocol, endpoints },
})

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(
    object('web', 'http', [
      endpoint('h1', '10.0.0.1', 20001, { tags: ['v1', 'canary'] }),
      endpoint('h2', '10.0.0.2', 20002, { ready: false, domain: 'prod' }),
    ]) as never,
    object('db', 'tcp', [
      endpoint('h1', '10.0.0.1', 5432, { portName: 'pg', task: 'db@h1', domain: 'db.helios.' }),
    ]) as never,
  )
})
afterEach(() => server.close())

describe('endpoints', () => {
  test('a row per endpoint, by service: domain, address, port/transport, tags, READY, short job id', async () => {
    expect(await heliosctl(server.url, ['endpoints'])).toEqual({
      code: 0,
      stdout:
        'SERVICE   PROTOCOL   DOMAIN              HOST   ADDRESS    PORT        TAGS        READY   JOB\n' +
        'db        tcp        db.helios.          h1     10.0.0.1   5432/tcp    <none>      true    web:v1:0123456\n' +
        'web       http       <dns-domain>        h1     10.0.0.1   20001/tcp   v1,canary   true    web:v1:0123456\n' +
        'web       http       prod.<dns-domain>   h2     10.0.0.2   20002/tcp   <none>      false   web:v1:0123456\n',
      stderr: '',
    })
  })

  test('SERVICE is a service, service/protocol or service.protocol; nothing matching prints no rows', async () => {
    for (const arg of ['web', 'web/http', 'web.http'])
      expect((await heliosctl(server.url, ['endpoints', arg])).stdout.split('\n').filter(Boolean)).toHaveLength(3)
    expect(await heliosctl(server.url, ['endpoints', 'web/tcp'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No endpoints found.\n',
    })
    expect(await heliosctl(server.url, ['endpoints', 'nope', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' })
  })

  test('--json: every field of each endpoint with its service and protocol; -f full job ids', async () => {
    expect(JSON.parse((await heliosctl(server.url, ['endpoints', 'db', '--json'])).stdout)).toEqual([
      {
        service: 'db',
        protocol: 'tcp',
        ...endpoint('h1', '10.0.0.1', 5432, { portName: 'pg', task: 'db@h1', domain: 'db.helios.' }),
      },
    ])
    expect((await heliosctl(server.url, ['endpoints', 'db', '-f'])).stdout).toContain(JOB)
  })

  test('get endpoints (kubectl columns, ep alias) and describe endpoints', async () => {
    const got = await heliosctl(server.url, ['get', 'ep'])
    expect(got.stdout.split('\n')[0]).toMatch(/^NAME +ENDPOINTS +AGE$/)
    expect(got.stdout).toMatch(/^web\.http +10\.0\.0\.1:20001,10\.0\.0\.2:20002\(not ready\) /m)
    const described = (await heliosctl(server.url, ['describe', 'endpoints', 'web.http'])).stdout
    expect(described).toMatch(/^Service: +web$/m)
    expect(described).toMatch(/^Protocol: +http$/m)
    expect(described).toMatch(
      /^ {2}h2 +10\.0\.0\.2 +20002\/tcp +http +<none> +prod\.<dns-domain> +false +web:v1:\S+ +web@h2$/m,
    )
  })
})
