import { afterEach, describe, expect, test } from 'vitest'
import { runWhileLeader } from './leadership.js'
import type { LogLevel } from './log.js'
import { MemoryStore } from './storage/memory-store.js'
import type { LeaderElection, LeaderHandlers } from './storage/store.js'
import { serveTestApp, type TestServer } from './test-fixture.js'

/** An election the test drives by hand. */
function manualElection() {
  let handlers: LeaderHandlers | undefined
  let resigned = false
  const election: LeaderElection = {
    campaign(_identity, h) {
      handlers = h
      return async () => {
        resigned = true
      }
    },
  }
  return {
    election,
    elect: () => handlers?.onElected(),
    depose: () => handlers?.onDeposed(),
    get resigned() {
      return resigned
    },
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5))

function recorder() {
  const events: string[] = []
  const log = (_level: LogLevel, msg: string) => void events.push(msg)
  const start = async () => {
    events.push('start')
    return async () => void events.push('stop')
  }
  return { events, log, start }
}

describe('runWhileLeader', () => {
  test('runs the controllers only while elected, once per term, and resigns after stopping them', async () => {
    const e = manualElection()
    const r = recorder()
    const leadership = runWhileLeader({ election: e.election, identity: 'me', log: r.log, start: r.start })
    expect(leadership.status()).toEqual({ leader: false, identity: 'me' })
    e.elect()
    await tick()
    expect(leadership.status()).toEqual({ leader: true, identity: 'me' })
    e.depose()
    e.elect()
    e.depose()
    await tick()
    expect(leadership.status().leader).toBe(false)
    e.elect()
    await tick()
    await leadership.stop()
    expect(r.events.filter((m) => m === 'start' || m === 'stop')).toEqual(['start', 'stop', 'start', 'stop'])
    expect(r.events).toContain('became leader')
    expect(r.events).toContain('lost leadership')
    expect(e.resigned).toBe(true)
  })

  test('the MemoryStore elects every candidate at once', async () => {
    const r = recorder()
    const leadership = runWhileLeader({ election: new MemoryStore(), identity: 'solo', log: r.log, start: r.start })
    await tick()
    expect(leadership.status().leader).toBe(true)
    await leadership.stop()
    expect(r.events.filter((m) => m === 'start' || m === 'stop')).toEqual(['start', 'stop'])
  })
})

describe('/leader and the leader metric', () => {
  let s: TestServer | undefined
  afterEach(() => s?.close())

  test('report what the leadership function says', async () => {
    let leader = false
    s = await serveTestApp({ leadership: () => ({ leader, identity: 'host:5801 pid 1' }) })
    expect((await s.call('GET', '/leader')).body).toEqual({ leader: false, identity: 'host:5801 pid 1' })
    leader = true
    expect((await s.call('GET', '/leader')).body).toEqual({ leader: true, identity: 'host:5801 pid 1' })
    const metrics = await fetch(`${s.url}/metrics`).then((res) => res.text())
    expect(metrics).toContain('helios_apiserver_leader 1')
  })
})
