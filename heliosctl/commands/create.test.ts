import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Job } from '../../apis/index.js'
import { heliosJobJson } from '../print/helios-job-json.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { JOB } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const stored = () => server.stored('Job', 'nginx:v1') as Job | undefined

describe('create', () => {
  test("Helios' three lines: the job, Done., the full id; flags and the command after -- land in the spec", async () => {
    const argv = [
      'create',
      'nginx:v1',
      'nginx:1.7.1',
      '-p',
      'http=80:8080',
      '--env',
      'A=1',
      '--token',
      't',
      '--',
      'nginx',
      '-g',
      'daemon off;',
    ]
    const result = await heliosctl(server.url, argv)
    expect(result.code).toBe(0)
    const [creating = '', done, id] = result.stdout.split('\n')
    expect(creating).toMatch(
      /^Creating job: \{"addCapabilities":\[\],"command":\["nginx","-g","daemon off;"\],"created":null,/,
    )
    // The whole job sent, as Helios' Job (without the hash, which the server adds, and not yet created).
    const sent = JSON.parse(creating.replace('Creating job: ', ''))
    expect(sent).toEqual(heliosJobJson('nginx:v1', (stored() as Job).spec))
    expect(sent).toMatchObject({ registration: {}, registrationDomain: '', expires: null, created: null })
    expect(done).toBe('Done.')
    expect(id).toBe(stored()?.status?.id)
    expect(stored()?.spec).toMatchObject({ command: ['nginx', '-g', 'daemon off;'], env: { A: '1' }, token: 't' })
  })

  test('--json answers a CreateJobResponse; an existing identical job is JOB_ALREADY_EXISTS, exit 1', async () => {
    const ok = await heliosctl(server.url, ['--json', 'create', 'nginx:v1', 'nginx:1.7.1'])
    const { id } = JSON.parse(ok.stdout)
    expect(JSON.parse(ok.stdout)).toEqual({ status: 'OK', id: stored()?.status?.id, errors: [] })
    const again = await heliosctl(server.url, ['create', 'nginx:v1', 'nginx:1.7.1', '--json'])
    expect(again.code).toBe(1)
    expect(JSON.parse(again.stdout)).toEqual({
      status: 'JOB_ALREADY_EXISTS',
      id,
      errors: [`Job already exists: ${id}`],
    })
    const text = await heliosctl(server.url, ['create', 'nginx:v1', 'nginx:1.7.1'])
    expect(text.stderr).toBe(`error: Job already exists: ${id}\n`)
    const changed = await heliosctl(server.url, ['create', 'nginx:v1', 'nginx:1.7.2'])
    expect(changed.stderr).toBe(
      'error: Job nginx:v1 already exists with a different spec; Jobs are immutable, bump the version\n',
    )
  })

  test('an invalid job is refused locally, nothing sent', async () => {
    const result = await heliosctl(server.url, ['create', 'nginx', 'nginx:1.7.1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('error: Job version was not specified in job id [nginx:null].')
    const json = await heliosctl(server.url, ['create', 'nginx', 'nginx', '--json'])
    expect(JSON.parse(json.stdout).status).toBe('INVALID_JOB_DEFINITION')
    expect((await heliosctl(server.url, ['create', 'nginx:v1'])).code).toBe(2)
    expect(server.requests).toEqual([])
  })

  test('-f takes a manifest or a Helios job JSON, with flags merged on top', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heliosctl-create-'))
    try {
      await writeFile(join(dir, 'job.yaml'), JOB.replace('spec: {', 'spec: {env: {A: "1", B: "2"}, '))
      const fromManifest = await heliosctl(server.url, ['create', '-f', join(dir, 'job.yaml'), '--env', 'B=3', '-q'])
      expect(fromManifest.stdout).toMatch(/^nginx:v1:[0-9a-f]{40}\n$/)
      expect(stored()?.spec.env).toEqual({ A: '1', B: '3' })
      const helios = JSON.stringify({
        id: 'redis:7:0123',
        image: 'redis:7',
        ports: { db: { internalPort: 6379 } },
        created: 1,
      })
      const fromHelios = await heliosctl(server.url, ['create', '-f', '-', '-q'], { stdin: helios })
      expect(fromHelios.stdout).toMatch(/^redis:7:[0-9a-f]{40}\n$/)
      expect(server.stored('Job', 'redis:7')?.spec).toMatchObject({
        image: 'redis:7',
        ports: { db: { internalPort: 6379 } },
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('-f refuses unknown YAML tags and alias bombs in a Helios job file, naming the file; nothing is sent', async () => {
    const tagged = 'id: "evil:v1"\nimage: !!python/object/apply:os.system [id]\n'
    const refused = await heliosctl(server.url, ['create', '-f', '-'], { stdin: tagged })
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/<stdin>:2:\d+: unsupported YAML tag/)
    let bomb = 'id: "bomb:v1"\nimage: busybox\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
    for (let i = 1; i < 9; i++)
      bomb += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`
    const exploded = await heliosctl(server.url, ['create', '-f', '-'], { stdin: bomb })
    expect(exploded.code).not.toBe(0)
    expect(exploded.stderr).toContain('Excessive alias count')
    expect(server.stored('Job', 'evil:v1')).toBeUndefined()
    expect(server.stored('Job', 'bomb:v1')).toBeUndefined()
  })

  test('--volume, a health check, --grace-period, --expires, --label and -m land in the spec', async () => {
    const argv = ['create', 'nginx:v1', 'nginx', '-p', 'http=80', '--http-check', 'http:/healthz']
    argv.push('--volume', '/srv/www:/usr/share/nginx/html:ro', '--volume', '/cache', '--volume', 'logs:/var/log')
    argv.push('--grace-period', '5', '--expires', '2030-01-31', '--label', 'team=web', '--labels', 'tier=1')
    argv.push('-m', 'owner=me', '-q')
    const result = await heliosctl(server.url, argv)
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(stored()?.spec).toMatchObject({
      healthCheck: { type: 'http', port: 'http', path: '/healthz' },
      volumes: { '/usr/share/nginx/html:ro': '/srv/www', '/cache': '', '/var/log': 'logs' },
      gracePeriod: 5,
      expires: '2030-01-31T00:00:00.000Z',
      labels: { team: 'web', tier: '1' },
      metadata: { owner: 'me' },
    })
  })

  test('--tcp-check and --exec-check; --expires keeps a given offset', async () => {
    const tcp = ['create', 'redis:7', 'redis', '-p', 'db=6379', '--tcp-check', 'db', '-e', '2030-01-31T12:00:00+02:00']
    expect((await heliosctl(server.url, tcp)).code).toBe(0)
    expect(server.stored('Job', 'redis:7')?.spec).toMatchObject({
      healthCheck: { type: 'tcp', port: 'db' },
      expires: '2030-01-31T10:00:00.000Z',
    })
    expect((await heliosctl(server.url, ['create', 'pg:1', 'postgres', '--exec-check', 'pg_isready  -q'])).code).toBe(0)
    expect(server.stored('Job', 'pg:1')?.spec).toMatchObject({
      healthCheck: { type: 'exec', command: ['pg_isready', '-q'] },
    })
  })

  test.each([
    [['--volume', 'data'], "option '--volume <spec>' argument 'data' is invalid. container path data is not absolute"],
    [['--volume', 'a/b:/data'], 'host path a/b is not absolute'],
    [['--http-check', 'http:healthz'], "option '--http-check <spec>' argument 'http:healthz' is invalid"],
    [['--tcp-check', 'a b'], "option '--tcp-check <port>' argument 'a b' is invalid"],
    [['--exec-check', ' '], "option '--exec-check <command>' argument ' ' is invalid"],
    [['--grace-period', '-1'], "option '--grace-period <seconds>' argument '-1' is invalid. expected whole seconds"],
    [['--expires', 'tomorrow'], "option '-e, --expires <iso8601>' argument 'tomorrow' is invalid"],
    [['--label', 'x'], "option '--label <KEY=VALUE>' argument 'x' is invalid. expected KEY=VALUE"],
    [['--expires', '2001-01-01'], 'error: --expires: 2001-01-01T00:00:00.000Z is in the past'],
    [
      ['-p', 'http=80', '--http-check', 'http:/', '--tcp-check', 'http'],
      'error: Only one health check may be specified.',
    ],
    [
      ['--http-check', 'web:/'],
      'error: --http-check: port "web" is not defined in the job (known: none; add one with -p)',
    ],
  ])('%j is a usage error naming the flag, exit 2, nothing sent', async (flags, message) => {
    const result = await heliosctl(server.url, ['create', 'nginx:v1', 'nginx', ...flags])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(server.requests).toEqual([])
  })
})
