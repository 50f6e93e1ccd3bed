import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, job } from '../testing/fixtures.js'

let server: FakeApiserver
const nginx = job('nginx:v1')
const id = nginx.status?.id
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(nginx, job('nginx:v10'), job('secret:1', { token: 's3cret' }))
})
afterEach(() => server.close())

const stored = (name: string) => server.stored('Deployment', name) as Deployment | undefined

describe('deploy', () => {
  test('creates the imperative Deployment <name>-<version>, then adds hosts to it', async () => {
    const first = await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1', 'web2'])
    expect(first).toEqual({
      code: 0,
      stdout: `Deploying Deployment{jobId=${id}, goal=START} on [web1, web2]\nweb1: done\nweb2: done\n`,
      stderr: '',
    })
    expect(stored('nginx-v1')?.metadata.annotations).toEqual({ 'helios/imperative': 'true' })
    await heliosctl(server.url, ['deploy', 'nginx:v1', 'web3', 'web1'])
    expect(stored('nginx-v1')?.spec).toMatchObject({ job: 'nginx:v1', hosts: ['web1', 'web2', 'web3'], goal: 'START' })
  })

  test('--no-start sets goal STOP (warning when other hosts share the Deployment); --json per host', async () => {
    await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1'])
    const result = await heliosctl(server.url, ['--json', 'deploy', 'nginx:v1', 'web2', '--no-start'])
    expect(result.stdout).toBe(`{"status":"OK","host":"web2","job":"${id}"}\n`)
    expect(result.stderr).toBe('warning: deployment nginx-v1 goal changes to STOP on web1 too\n')
    expect(stored('nginx-v1')?.spec.goal).toBe('STOP')
  })

  test('unknown and ambiguous jobs fail before anything is written', async () => {
    expect((await heliosctl(server.url, ['deploy', 'redis', 'web1'])).stderr).toBe('error: Unknown job: redis\n')
    expect((await heliosctl(server.url, ['deploy', 'nginx', 'web1'])).stderr).toMatch(
      /^error: Ambiguous job reference: nginx \(matches nginx:v1:\w{7}, nginx:v10:\w{7}\)\n$/,
    )
    expect(server.requests.filter((r) => !r.startsWith('GET'))).toEqual([])
  })

  test('--token is sent to the apiserver, which refuses a token Job without it', async () => {
    const secret = await heliosctl(server.url, ['deploy', 'secret:1', 'web1'])
    expect(secret.code).toBe(1)
    expect(secret.stderr).toBe('error: job "secret:1" is protected by a token; pass the right one with --token\n')
    expect(stored('secret-1')).toBeUndefined()
    expect((await heliosctl(server.url, ['deploy', 'secret:1', 'web1', '--token', 's3cret'])).code).toBe(0)
    expect(stored('secret-1')?.spec.hosts).toEqual(['web1'])
    expect((await heliosctl(server.url, ['deploy', 'secret:1', 'web2', '--token', 'wrong'])).code).toBe(1)
    expect(stored('secret-1')?.spec.hosts).toEqual(['web1'])
  })
})

describe('undeploy', () => {
  test('removes hosts from every Deployment of the job; an emptied one without selector is deleted', async () => {
    server.seed(
      deployment('nginx-v1', 'nginx:v1', ['web1', 'web2']),
      deployment('canary', 'nginx:v1', ['web3']),
      deployment('other', 'nginx:v10', ['web1']),
    )
    const result = await heliosctl(server.url, ['undeploy', 'nginx:v1', 'web1', 'web3'])
    expect(result).toEqual({
      code: 0,
      stdout: `Undeploying ${id} from [web1, web3]\nweb1: done\nweb3: done\n`,
      stderr: '',
    })
    expect(stored('nginx-v1')?.spec.hosts).toEqual(['web2'])
    expect(stored('canary')).toBeUndefined()
    expect(stored('other')?.spec.hosts).toEqual(['web1'])
  })

  test('a host the job is not on fails that host, exit 1', async () => {
    server.seed(deployment('nginx-v1', 'nginx:v1', ['web1']))
    const result = await heliosctl(server.url, ['undeploy', 'nginx:v1', 'web9'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('web9: failed: job is not deployed on this host\n')
  })

  test('no hosts and no -a is refused with Helios message', async () => {
    expect(await heliosctl(server.url, ['undeploy', 'nginx:v1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Please either specify a list of hosts or use the -a/--all flag.\n',
    })
  })

  test('-a deletes every Deployment of the job; prompts only on a terminal without --yes', async () => {
    server.seed(deployment('nginx-v1', 'nginx:v1', ['web1']), deployment('canary', 'nginx:v1', ['web2']))
    const declined = await heliosctl(server.url, ['undeploy', '-a', 'nginx:v1'], { isTTY: true, stdin: 'n\n' })
    expect(declined.code).toBe(1)
    expect(declined.stdout).toBe(
      `This will undeploy ${id} from all hosts: [web1, web2]\nDo you want to continue? [y/N]\n`,
    )
    expect(stored('canary')).toBeDefined()
    const piped = await heliosctl(server.url, ['undeploy', '-a', 'nginx:v1'])
    expect(piped).toEqual({
      code: 0,
      stdout: `Undeploying ${id} from [web1, web2]\nweb1: done\nweb2: done\n`,
      stderr: '',
    })
    expect(stored('nginx-v1')).toBeUndefined()
    expect(stored('canary')).toBeUndefined()
  })
})

describe('undeploy and remove with a token Job', () => {
  test('need --token; without it the apiserver refuses and nothing changes', async () => {
    server.seed(deployment('secret-1', 'secret:1', ['web1', 'web2']))
    const refused = await heliosctl(server.url, ['undeploy', 'secret:1', 'web1'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/protected by a token/)
    expect(stored('secret-1')?.spec.hosts).toEqual(['web1', 'web2'])
    expect((await heliosctl(server.url, ['undeploy', 'secret:1', 'web1', '--token', 's3cret'])).code).toBe(0)
    expect((await heliosctl(server.url, ['undeploy', '-a', 'secret:1', '--token', 's3cret'])).code).toBe(0)
    expect(stored('secret-1')).toBeUndefined()
    expect((await heliosctl(server.url, ['remove', 'secret:1', '--yes'])).stderr).toMatch(/protected by a token/)
    expect(server.stored('Job', 'secret:1')).toBeDefined()
    expect((await heliosctl(server.url, ['remove', 'secret:1', '--yes', '--token', 's3cret'])).code).toBe(0)
    expect(server.stored('Job', 'secret:1')).toBeUndefined()
  })
})
