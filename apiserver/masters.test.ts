// The apiservers announce themselves (Helios' /status/masters): ZkMasters writes a record per apiserver and an
// ephemeral up node, listed as UP while it exists and DOWN after; `GET /masters` serves the list, to any
// authenticated user when the apiserver has tokens (open only in the open loopback mode).
import { afterEach, describe, expect, test } from 'vitest'
import { ApiError } from '../apis/index.js'
import { Authenticator } from './auth/authenticator.js'
import { silentLog } from './log.js'
import { MemoryStore } from './storage/memory-store.js'
import { ZkMasters } from './storage/zk-masters.js'
import { requestAs, serveTestApp, type TestServer, until } from './test-fixture.js'
import { FakeZkOps } from './testing/fake-zk-ops.js'

const record = (name: string) => ({
  name,
  url: `http://${name}`,
  version: '1.0.0',
  startedAt: '2024-05-01T12:00:00.000Z',
})
const settled = () => new Promise((resolve) => setTimeout(resolve, 10))

describe('ZkMasters', () => {
  test('two apiservers announce themselves; one withdrawing is DOWN, its record kept; it comes back UP', async () => {
    const zk = new FakeZkOps()
    const a = new ZkMasters(zk, '/helios/masters', silentLog)
    const b = new ZkMasters(zk, '/helios/masters', silentLog)
    expect(await a.listMasters()).toEqual([])
    a.announce(record('a:5801'))
    const withdrawB = b.announce(record('b:5801'))
    await settled()
    expect(await a.listMasters()).toEqual([
      { ...record('a:5801'), up: true },
      { ...record('b:5801'), up: true },
    ])
    await withdrawB()
    expect((await a.listMasters()).map((m) => [m.name, m.up])).toEqual([
      ['a:5801', true],
      ['b:5801', false],
    ])
    const again = new ZkMasters(zk, '/helios/masters', silentLog)
    again.announce({ ...record('b:5801'), version: '1.1.0' })
    await settled()
    expect((await a.listMasters())[1]).toEqual({ ...record('b:5801'), version: '1.1.0', up: true })
  })

  test('a reconnection after the up node went (an expired session) puts it back, once', async () => {
    const zk = new FakeZkOps()
    const a = new ZkMasters(zk, '/helios/masters', silentLog)
    a.announce(record('a:5801'))
    await settled()
    const [up] = (await zk.getChildren('/helios/masters/a%3A5801')).children
    await zk.remove(`/helios/masters/a%3A5801/${up}`, -1)
    expect((await a.listMasters())[0]?.up).toBe(false)
    a.connected()
    a.connected()
    await settled()
    expect((await zk.getChildren('/helios/masters/a%3A5801')).children).toHaveLength(1)
    expect((await a.listMasters())[0]?.up).toBe(true)
  })
  test("a second apiserver with a live one's --name never overwrites its record: it warns, then takes over once free", async () => {
    const zk = new FakeZkOps()
    const live = new ZkMasters(zk, '/helios/masters', silentLog)
    const withdrawLive = live.announce(record('api1'))
    await settled()
    const lines: Array<[string, string, unknown]> = []
    let now = 0
    const log = (level: string, msg: string, fields?: unknown) => void lines.push([level, msg, fields])
    const evil = new ZkMasters(zk, '/helios/masters', log, { retryMs: 2, now: () => now })
    evil.announce({ ...record('api1'), url: 'http://evil.example:5900/x' })
    await until(() => lines.length >= 3)
    expect(await live.listMasters()).toEqual([{ ...record('api1'), up: true }])
    expect((await zk.getChildren('/helios/masters/api1')).children).toHaveLength(1)
    // Warned once, then the same reason only at debug until the rate limit's minute is over.
    expect(lines.map(([level]) => level).slice(0, 3)).toEqual(['warn', 'debug', 'debug'])
    expect(lines[0]?.[2]).toEqual({
      error: 'a live apiserver already announces the name "api1" (--name); waiting until it is gone',
    })
    now = 60_000
    const seen = lines.length
    await until(() => lines.slice(seen).some(([level]) => level === 'warn'))

    await withdrawLive()
    await until(async () => (await live.listMasters())[0]?.up === true)
    expect(await live.listMasters()).toEqual([{ ...record('api1'), url: 'http://evil.example:5900/x', up: true }])
  })

  test('an up node of its own whose creation reply was lost is adopted, not taken for another apiserver', async () => {
    const zk = new FakeZkOps()
    const create = zk.createEphemeralSequential.bind(zk)
    let lost = 1
    zk.createEphemeralSequential = async (prefix, data) => {
      const node = await create(prefix, data)
      if (lost-- > 0) throw new ApiError('Unavailable', 'connection lost (the node was made)')
      return node
    }
    const lines: string[] = []
    const a = new ZkMasters(zk, '/helios/masters', (level) => void lines.push(level), { retryMs: 2 })
    a.announce(record('a:5801'))
    await until(() => lines.length >= 1)
    await settled()
    expect((await zk.getChildren('/helios/masters/a%3A5801')).children).toHaveLength(1)
    expect(lines).toEqual(['warn'])
    expect(await a.listMasters()).toEqual([{ ...record('a:5801'), up: true }])
  })

  test('announcing fails (ZooKeeper refuses the path): a warning, not a debug line', async () => {
    const zk = new FakeZkOps()
    const lines: string[] = []
    const a = new ZkMasters(zk, '/helios/masters', (level) => void lines.push(level), { retryMs: 2 })
    zk.mkdirp = async () => {
      throw new ApiError('Unavailable', 'connection lost')
    }
    a.announce(record('a:5801'))
    await until(() => lines.length >= 2)
    expect(lines.slice(0, 2)).toEqual(['warn', 'debug'])
  })
})

describe('GET /masters', () => {
  let server: TestServer | undefined
  afterEach(() => server?.close())

  test("lists the store's announced apiservers, up or down, by name", async () => {
    const store = new MemoryStore()
    store.announce(record('b:5801'))
    const withdraw = store.announce(record('a:5801'))
    await withdraw()
    server = await serveTestApp({ store, masters: store })
    expect(await server.call('GET', '/masters')).toEqual({
      status: 200,
      body: {
        items: [
          { ...record('a:5801'), up: false },
          { ...record('b:5801'), up: true },
        ],
      },
    })
  })

  test('with tokens: 401 without one, listed for any role; /leader stays open (it speaks only of itself)', async () => {
    const store = new MemoryStore()
    store.announce(record('a:5801'))
    const auth = new Authenticator([
      { token: 'viewer-token', user: 'bob', role: 'viewer' },
      { token: 'agent-token', user: 'web1', role: 'agent' },
    ])
    server = await serveTestApp({ store, masters: store, auth })
    const url = server.url
    const anonymous = await requestAs(url, undefined, 'GET', '/masters')
    expect(anonymous).toMatchObject({ status: 401, body: { reason: 'Unauthorized' } })
    expect(JSON.stringify(anonymous.body)).not.toContain('a:5801')
    expect(await requestAs(url, 'wrong-token', 'GET', '/masters')).toMatchObject({ status: 401 })
    for (const token of ['viewer-token', 'agent-token']) {
      const reply = await requestAs(url, token, 'GET', '/masters')
      expect(reply).toEqual({ status: 200, body: { items: [{ ...record('a:5801'), up: true }] } })
    }
    expect(await requestAs(url, undefined, 'GET', '/leader')).toMatchObject({ status: 200 })
  })
})
