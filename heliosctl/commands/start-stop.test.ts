import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, host, job } from '../testing/fixtures.js'

let server: FakeApiserver
const web = job('web:v1')
const id = web.status?.id ?? ''
/** A hand deploy on web1, web2 and a group selecting web3 (the controller's status.hosts). */
beforeEach(async () => {
  server = await startFakeApiserver()
  const group = deployment('g', 'web:v1', [], { hostSelector: ['role=web'] })
  server.seed(web, job('secret:v1', { token: 's' }), deployment('web-v1', 'web:v1', ['web1', 'web2']))
  server.seed({ ...group, status: { hosts: ['web3'], revisions: [] } })
})
afterEach(() => server.close())

const spec = (name: string) => (server.stored('Deployment', name) as Deployment).spec

describe('stop and start', () => {
  test('stop sets a per-host goal on the Deployment running the job there, named or selected', async () => {
    expect(await heliosctl(server.url, ['stop', 'web:v1', 'web1', 'web3'])).toEqual({
      code: 0,
      stdout: `Stopping ${id} on [web1, web3]\nweb1: done\nweb3: done\n`,
      stderr: '',
    })
    expect(spec('web-v1')).toMatchObject({ goal: 'START', hostGoals: { web1: 'STOP' } })
    expect(spec('g').hostGoals).toEqual({ web3: 'STOP' })
  })

  test('start undoes stop, leaving no hostGoals; a host at its goal already is done without a write', async () => {
    await heliosctl(server.url, ['stop', 'web', 'web1'])
    const writes = server.requests.filter((r) => r.startsWith('PUT')).length
    expect((await heliosctl(server.url, ['start', 'web', 'web2'])).stdout).toBe(
      `Starting ${id} on [web2]\nweb2: done\n`,
    )
    expect(server.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(writes)
    await heliosctl(server.url, ['start', 'web', 'web1'])
    expect(spec('web-v1')).not.toHaveProperty('hostGoals')
  })

  test('start on a deploy --no-start host overrides the Deployment goal there only', async () => {
    server.seed(deployment('web-v1', 'web:v1', ['web1', 'web2'], { goal: 'STOP' }))
    await heliosctl(server.url, ['start', 'web:v1', 'web2'])
    expect(spec('web-v1')).toMatchObject({ goal: 'STOP', hostGoals: { web2: 'START' } })
    // A deploy to a host the job is already on is Helios' JOB_ALREADY_DEPLOYED: goals are start's and stop's.
    server.seed(host('web2'))
    const again = await heliosctl(server.url, ['deploy', 'web:v1', 'web2', '--no-start'])
    expect(again.code).toBe(1)
    expect(again.stdout).toContain('web2: failed: JobDeployResponse{status=JOB_ALREADY_DEPLOYED, job=')
    expect(spec('web-v1')).toMatchObject({ goal: 'STOP', hostGoals: { web2: 'START' } })
  })

  test('a host the job is not on fails (JOB_NOT_DEPLOYED with --json), exit 1; the others still change', async () => {
    const text = await heliosctl(server.url, ['stop', 'web:v1', 'web1', 'db1'])
    expect(text.code).toBe(1)
    expect(text.stdout).toBe(
      `Stopping ${id} on [web1, db1]\nweb1: done\ndb1: failed: job is not deployed on this host\n`,
    )
    const json = await heliosctl(server.url, ['--json', 'start', 'web:v1', 'web1', 'db1'])
    expect(json.code).toBe(1)
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { status: 'OK', host: 'web1', job: id },
      { status: 'JOB_NOT_DEPLOYED', host: 'db1', job: id },
    ])
  })

  test('unknown job and token: Helios messages, JSON status; nothing written without the token', async () => {
    expect((await heliosctl(server.url, ['stop', 'nope', 'web1'])).stderr).toBe('error: Unknown job: nope\n')
    expect((await heliosctl(server.url, ['--json', 'stop', 'nope', 'web1'])).stdout).toBe(
      '{\n  "status": "JOB_NOT_FOUND"\n}\n',
    )
    server.seed(deployment('secret-v1', 'secret:v1', ['web1']))
    const refused = await heliosctl(server.url, ['stop', 'secret:v1', 'web1'])
    expect(refused.code).toBe(1)
    expect(refused.stdout.split('\n')[1]).toMatch(
      /^web1: failed: SetGoalResponse\{status=FORBIDDEN, job=secret:v1:\w+, host='web1'\}$/,
    )
    expect(refused.stderr).toBe(
      'web1: FORBIDDEN: job "secret:v1" is protected by a token; pass the right one with --token\n',
    )
    expect(spec('secret-v1')).not.toHaveProperty('hostGoals')
    expect((await heliosctl(server.url, ['stop', 'secret:v1', 'web1', '--token', 's'])).code).toBe(0)
    expect(spec('secret-v1').hostGoals).toEqual({ web1: 'STOP' })
  })
})
