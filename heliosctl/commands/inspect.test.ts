import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { job } from '../testing/fixtures.js'

let server: FakeApiserver
const web = job('web:v1', {
  command: ['nginx', '-g', 'daemon off;'],
  env: { B: 'two words', A: '1' },
  ports: {
    http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' },
    dns: { internalPort: 53, protocol: 'udp' },
  },
  healthCheck: { type: 'http', port: 'http', path: '/healthz' },
  registration: { web: { ports: { http: {} } }, 'dns/udp': { ports: { dns: {}, http: {} } } },
  volumes: { '/data:ro': '/srv/data', '/cache': '' },
  gracePeriod: 5,
  expires: '2030-01-31T00:00:00.000Z',
  token: 't',
})
const id = web.status?.id ?? ''
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(web, job('foo:1'), job('foo:10'), job('foo:11'))
})
afterEach(() => server.close())

describe('inspect', () => {
  test("Helios' lines: id, dates, quoted command, maps one entry per line, health check, volumes HOST:CONTAINER", async () => {
    const result = await heliosctl(server.url, ['inspect', 'web'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      [
        `Id: ${id}`,
        'Image: nginx:1.7.1',
        'Created: Wed, 1 May 2024 12:00:00 +0000',
        'Expires: Thu, 31 Jan 2030 00:00:00 +0000',
        'Hostname: ',
        'Command: [nginx, -g, "daemon off;"]',
        'Env:   A=1',
        '       B="two words"',
        'Health check: type: http, port: http, path: /healthz',
        'Grace period (seconds): 5',
        'Time to wait before kill (seconds): ',
        'Metadata:',
        'Ports: http=80:8080/tcp',
        '       dns=53/udp',
        'Reg: dns/udp=dns, http',
        '     web/http=http',
        'Security options: []',
        'Network mode: ',
        'Token: t',
        'Volumes: /srv/data:/data:ro',
        '         /cache',
        'Add capabilities: ',
        'Drop capabilities: ',
        'Labels:',
        'Runtime: ',
        'Rollout options: ',
        '',
      ].join('\n'),
    )
  })

  test('--json is the job JSON create -f reads back: the same job, the same id', async () => {
    const json = (await heliosctl(server.url, ['inspect', 'web:v1', '--json'])).stdout
    expect(JSON.parse(json)).toMatchObject({
      id,
      image: 'nginx:1.7.1',
      gracePeriod: 5,
      created: Date.parse(web.metadata.creationTimestamp ?? ''),
    })
    const other = await startFakeApiserver()
    try {
      expect((await heliosctl(other.url, ['create', '-f', '-', '-q'], { stdin: json })).stdout).toBe(`${id}\n`)
    } finally {
      await other.close()
    }
  })

  test("unknown and ambiguous references: Helios' messages, and its JSON statuses with --json; exit 1", async () => {
    expect(await heliosctl(server.url, ['inspect', 'bar'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Unknown job: bar\n',
    })
    const ambiguous = await heliosctl(server.url, ['inspect', 'foo'])
    expect(ambiguous.stderr).toMatch(
      /^error: Ambiguous job reference: foo \(matches foo:1:\w{7}, foo:10:\w{7}, foo:11:\w{7}\)\n$/,
    )
    expect(await heliosctl(server.url, ['inspect', 'bar', '--json'])).toEqual({
      code: 1,
      stdout: '{\n  "status": "JOB_NOT_FOUND"\n}\n',
      stderr: '',
    })
    expect(JSON.parse((await heliosctl(server.url, ['inspect', 'foo', '--json'])).stdout)).toEqual({
      status: 'AMBIGUOUS_JOB_REFERENCE',
    })
    expect((await heliosctl(server.url, ['inspect', 'foo:1'])).stdout).toMatch(/^Id: foo:1:\w{40}\n/)
  })
})
