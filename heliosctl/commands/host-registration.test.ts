// Helios' `register HOST [ID]` and `deregister HOST`: pre-registering a Host, removing one that runs nothing, and the
// refusals in Helios' words (NOT_FOUND with possible matches, JOBS_STILL_DEPLOYED) — nothing deleted then.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { deployment, host, job, task } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const writes = () => server.requests.filter((r) => !r.startsWith('GET'))

describe('register', () => {
  test("creates the Host, bare, with Helios' id as an annotation; Helios' lines", async () => {
    expect(await heliosctl(server.url, ['register', 'web9', 'id-1234'])).toEqual({
      code: 0,
      stdout: 'Registering host web9 with id id-1234\nweb9: done\n',
      stderr: '',
    })
    const stored = server.stored('Host', 'web9')
    expect(stored?.metadata.annotations).toEqual({ 'helios/host-id': 'id-1234' })
    expect(stored?.spec).toEqual({ unschedulable: false, drain: false })
    expect((await heliosctl(server.url, ['register', 'web8'])).stdout).toBe('Registering host web8\nweb8: done\n')
  })

  test('an existing Host keeps everything but gets the new id; the same id again writes nothing', async () => {
    server.seed(host('web1', {}, { role: 'web' }))
    expect((await heliosctl(server.url, ['register', 'web1', 'a'])).code).toBe(0)
    expect(server.stored('Host', 'web1')?.metadata).toMatchObject({
      labels: { role: 'web' },
      annotations: { 'helios/host-id': 'a' },
    })
    const before = writes().length
    expect((await heliosctl(server.url, ['--json', 'register', 'web1', 'a'])).stdout).toBe(
      '{\n  "host": "web1",\n  "status": "OK"\n}\n',
    )
    expect(writes()).toHaveLength(before)
  })

  test('a name the apiserver refuses is its one-line error, exit 1', async () => {
    const result = await heliosctl(server.url, ['register', 'no/slash'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^error: /)
  })
})

describe('deregister', () => {
  test('deletes a Host that runs nothing', async () => {
    server.seed(host('web1'))
    expect(await heliosctl(server.url, ['deregister', 'web1'])).toEqual({
      code: 0,
      stdout: 'Deregistering host web1\nweb1: done\n',
      stderr: '',
    })
    expect(server.stored('Host', 'web1')).toBeUndefined()
  })

  test('JOBS_STILL_DEPLOYED while a Task runs there or a Deployment names it; nothing deleted', async () => {
    const web = job('web:v1')
    server.seed(web, host('web1'), host('web2'), task(web, 'web1'), deployment('pinned', 'web:v1', ['web2']))
    expect(await heliosctl(server.url, ['deregister', 'web1'])).toEqual({
      code: 1,
      stdout: 'Deregistering host web1\nweb1: failed: HostDeregisterResponse{status=JOBS_STILL_DEPLOYED, host=web1}\n',
      stderr: 'web1: still deployed: job web:v1 (task web-v1@web1); undeploy first\n',
    })
    const json = await heliosctl(server.url, ['--json', 'deregister', 'web2'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({ host: 'web2', status: 'JOBS_STILL_DEPLOYED' })
    expect(json.stderr).toMatch(/deployment pinned names it in spec\.hosts/)
    expect(server.stored('Host', 'web1')).toBeDefined()
    expect(server.stored('Host', 'web2')).toBeDefined()
    expect(writes()).toEqual([])
  })

  test('NOT_FOUND, with the hosts whose names hold it as possible matches', async () => {
    server.seed(host('web1.example.com'), host('web2.example.com'), host('db1'))
    expect(await heliosctl(server.url, ['deregister', 'web'])).toEqual({
      code: 1,
      stdout:
        'Deregistering host web\nweb: failed: HostDeregisterResponse{status=NOT_FOUND, host=web}\n' +
        "We didn't find your hostname, but we did find some possible matches for you:\n" +
        '    web1.example.com\n    web2.example.com\n\n',
      stderr: '',
    })
  })

  test('on a terminal it asks first; no answers yes, and nothing is deleted', async () => {
    server.seed(host('web1'))
    const result = await heliosctl(server.url, ['deregister', 'web1'], { isTTY: true, stdin: 'n\n' })
    expect(result).toMatchObject({ code: 1, stderr: 'Aborted.\n' })
    expect(result.stdout).toMatch(/^This will deregister the host web1\nDo you want to continue\? \[y\/N\]\n$/)
    expect(server.stored('Host', 'web1')).toBeDefined()
    expect((await heliosctl(server.url, ['deregister', 'web1', '--yes'], { isTTY: true })).code).toBe(0)
  })
})
