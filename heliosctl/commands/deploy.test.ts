import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ApiError, type Deployment, refusalCause } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, host, job } from '../testing/fixtures.js'

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
  beforeEach(() => server.seed(...['web1', 'web2', 'web3'].map((h) => host(h))))

  test('creates the imperative Deployment <name>-<version>, then adds hosts to it', async () => {
    const first = await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1', 'web2'])
    expect(first).toEqual({
      code: 0,
      stdout: `Deploying Deployment{jobId=${id}, goal=START} on [web1, web2]\nweb1: done\nweb2: done\n`,
      stderr: '',
    })
    expect(stored('nginx-v1')?.metadata.annotations).toEqual({ 'helios/imperative': 'true' })
    await heliosctl(server.url, ['deploy', 'nginx:v1', 'web3'])
    expect(stored('nginx-v1')?.spec).toMatchObject({ job: 'nginx:v1', hosts: ['web1', 'web2', 'web3'], goal: 'START' })
  })

  test('--no-start sets goal STOP (warning when other hosts share the Deployment); --json per host, Helios keys', async () => {
    await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1'])
    const result = await heliosctl(server.url, ['--json', 'deploy', 'nginx:v1', 'web2', '--no-start'])
    expect(result.stdout).toBe(`{"host":"web2","job":"${id}","status":"OK"}\n`)
    expect(result.stderr).toBe('warning: deployment nginx-v1 goal changes to STOP on web1 too\n')
    expect(stored('nginx-v1')?.spec.goal).toBe('STOP')
  })

  test("unknown and ambiguous jobs fail before anything is written; --json is Helios' JOB_NOT_FOUND", async () => {
    expect((await heliosctl(server.url, ['deploy', 'redis', 'web1'])).stderr).toBe('error: Unknown job: redis\n')
    expect((await heliosctl(server.url, ['deploy', 'nginx', 'web1'])).stderr).toMatch(
      /^error: Ambiguous job reference: nginx \(matches nginx:v1:\w{7}, nginx:v10:\w{7}\)\n$/,
    )
    expect(await heliosctl(server.url, ['--json', 'deploy', 'redis', 'web1'])).toMatchObject({
      code: 1,
      stdout: '{\n  "status": "JOB_NOT_FOUND"\n}\n',
    })
    expect(server.requests.filter((r) => !r.startsWith('GET'))).toEqual([])
  })

  test('--token is sent to the apiserver, which refuses a token Job without it: FORBIDDEN per host', async () => {
    const secret = await heliosctl(server.url, ['deploy', 'secret:1', 'web1'])
    expect(secret.code).toBe(1)
    expect(secret.stdout.split('\n')[1]).toMatch(
      /^web1: failed: JobDeployResponse\{status=FORBIDDEN, job=secret:1:\w+, host='web1'\}$/,
    )
    expect(secret.stderr).toBe(
      'web1: FORBIDDEN: job "secret:1" is protected by a token; pass the right one with --token\n',
    )
    expect(JSON.parse((await heliosctl(server.url, ['--json', 'deploy', 'secret:1', 'web1'])).stdout)).toMatchObject({
      host: 'web1',
      status: 'FORBIDDEN',
    })
    expect(stored('secret-1')).toBeUndefined()
    expect((await heliosctl(server.url, ['deploy', 'secret:1', 'web1', '--token', 's3cret'])).code).toBe(0)
    expect(stored('secret-1')?.spec.hosts).toEqual(['web1'])
    expect((await heliosctl(server.url, ['deploy', 'secret:1', 'web2', '--token', 'wrong'])).code).toBe(1)
    expect(stored('secret-1')?.spec.hosts).toEqual(['web1'])
  })
})

// Issue 14: `deploy JOB nosuchhost` printed done. Helios answers per host with its JobDeployResponse.
describe("deploy answers per host in Helios' words, exit 1, nothing stored for a failed host", () => {
  beforeEach(() => server.seed(host('web1'), host('web2')))
  const line = (host: string, status: string) =>
    `${host}: failed: JobDeployResponse{status=${status}, job=${id}, host='${host}'}`

  test('HOST_NOT_FOUND: a host no agent registered; the other hosts are still deployed', async () => {
    const one = await heliosctl(server.url, ['deploy', 'nginx:v1', 'nosuchhost'])
    expect(one).toEqual({
      code: 1,
      stdout: `Deploying Deployment{jobId=${id}, goal=START} on [nosuchhost]\n${line('nosuchhost', 'HOST_NOT_FOUND')}\n`,
      stderr: 'nosuchhost: HOST_NOT_FOUND: host "nosuchhost" is not registered (heliosctl hosts lists the hosts)\n',
    })
    expect(stored('nginx-v1')).toBeUndefined()
    expect(server.requests.filter((r) => !r.startsWith('GET'))).toEqual([])
    // Case and look-alikes are other names: only exact registered names deploy.
    for (const spelling of ['WEB1', 'web1.', 'web01']) {
      const r = await heliosctl(server.url, ['--json', 'deploy', 'nginx:v1', spelling])
      expect(r.stdout, spelling).toBe(`{"host":"${spelling}","job":"${id}","status":"HOST_NOT_FOUND"}\n`)
    }
    const mixed = await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1', 'nosuchhost', 'web2'])
    expect(mixed.code).toBe(1)
    expect(mixed.stdout).toContain(`web1: done\n${line('nosuchhost', 'HOST_NOT_FOUND')}\nweb2: done\n`)
    expect(stored('nginx-v1')?.spec.hosts).toEqual(['web1', 'web2'])
  })

  test('JOB_ALREADY_DEPLOYED: a host the job is already deployed on by hand', async () => {
    await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1'])
    const again = await heliosctl(server.url, ['--json', 'deploy', 'nginx:v1', 'web1', 'web2'])
    expect(again.code).toBe(1)
    expect(again.stdout).toBe(
      `{"host":"web1","job":"${id}","status":"JOB_ALREADY_DEPLOYED"}\n{"host":"web2","job":"${id}","status":"OK"}\n`,
    )
    expect(again.stderr).toBe(
      'web1: JOB_ALREADY_DEPLOYED: job nginx:v1 is already deployed on web1 for deployment "nginx-v1"\n',
    )
    expect(stored('nginx-v1')?.spec.hosts).toEqual(['web1', 'web2'])
  })

  const refusing = (causes: Array<{ host: string; status: string; message: string }>) => (method: string) => {
    if (method === 'GET') return
    throw new ApiError('Conflict', `${causes[0]?.status}: ${causes[0]?.message}`, {
      causes: causes.map(refusalCause as never),
    })
  }

  test("the apiserver's 409 per host (another Deployment, a taken port) fails those hosts; the rest are written", async () => {
    const refusals = [
      {
        host: 'web1',
        status: 'JOB_ALREADY_DEPLOYED',
        message: 'job nginx:v1 already runs on web1 for deployment "grp"',
      },
      {
        host: 'web2',
        status: 'PORT_CONFLICT',
        message: 'port 8080/tcp on host web2 is already used by deployment "db" (job db:v1)',
      },
    ]
    server.seed(host('web3'))
    let writes = 0
    // The first write (web1, web2, web3) is refused for web1 and web2; the second (web3 alone) goes through.
    server.onRequest = (method) => {
      if (method !== 'GET' && writes++ === 0) refusing(refusals)(method)
    }
    const result = await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1', 'web2', 'web3'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(line('web1', 'JOB_ALREADY_DEPLOYED'))
    expect(result.stdout).toContain(line('web2', 'PORT_CONFLICT'))
    expect(result.stderr).toContain(
      'web1: JOB_ALREADY_DEPLOYED: job nginx:v1 already runs on web1 for deployment "grp"\n',
    )
    expect(result.stderr).toContain(
      'web2: PORT_CONFLICT: port 8080/tcp on host web2 is already used by deployment "db"',
    )
  })

  test('a 409 without host causes (a concurrent change) is an error, not a per-host answer', async () => {
    server.onRequest = (method) => {
      if (method !== 'GET')
        throw new ApiError('Conflict', 'deployment "nginx-v1" was modified concurrently; re-read and retry')
    }
    const result = await heliosctl(server.url, ['deploy', 'nginx:v1', 'web1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('modified concurrently')
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
    expect(refused.stdout.split('\n')[1]).toMatch(
      /^web1: failed: JobUndeployResponse\{status=FORBIDDEN, job=secret:1:\w+, host='web1'\}$/,
    )
    expect(refused.stderr).toMatch(/^web1: FORBIDDEN: .*protected by a token/)
    expect(stored('secret-1')?.spec.hosts).toEqual(['web1', 'web2'])
    expect((await heliosctl(server.url, ['undeploy', 'secret:1', 'web1', '--token', 's3cret'])).code).toBe(0)
    expect((await heliosctl(server.url, ['undeploy', '-a', 'secret:1', '--token', 's3cret'])).code).toBe(0)
    expect(stored('secret-1')).toBeUndefined()
    const notRemoved = await heliosctl(server.url, ['remove', 'secret:1', '--yes'])
    expect(notRemoved.code).toBe(1)
    expect(notRemoved.stdout).toMatch(/\nsecret:1:\w+: failed: JobDeleteResponse\{status=FORBIDDEN\}\n$/)
    expect(notRemoved.stderr).toMatch(/protected by a token/)
    const json = await heliosctl(server.url, ['--json', 'remove', 'secret:1', '--yes'])
    expect(JSON.parse(json.stdout)).toEqual({ status: 'FORBIDDEN' })
    expect(server.stored('Job', 'secret:1')).toBeDefined()
    expect((await heliosctl(server.url, ['remove', 'secret:1', '--yes', '--token', 's3cret'])).code).toBe(0)
    expect(server.stored('Job', 'secret:1')).toBeUndefined()
  })
})
