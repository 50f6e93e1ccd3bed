import { describe, expect, test } from 'vitest'
import { ManualClock } from '../../client/testing/manual-clock.js'
import { recordingRegistrar as recording } from '../testing/recording-registrar.js'
import { registration } from '../testing/registration-fixture.js'
import { RegistrationSync } from './registration-sync.js'

const web = registration()

const settle = () => new Promise((resolve) => setTimeout(resolve, 10))

describe('RegistrationSync', () => {
  test('hands each change to the registrar once; repeats and withdrawing nothing cost no call', async () => {
    const registrar = recording()
    const { calls } = registrar
    const sync = new RegistrationSync({ registrar, clock: new ManualClock(), log: () => {} })
    await sync.withdraw('web@h1')
    await sync.announce('web@h1', [web])
    await sync.announce('web@h1', [{ ...web }])
    expect(sync.tasks()).toEqual(['web@h1'])
    await sync.announce('web@h1', [{ ...web, port: 20002 }])
    await sync.withdraw('web@h1')
    await sync.withdraw('web@h1')
    expect(calls).toEqual(['register web@h1 web/http:20001', 'register web@h1 web/http:20002', 'deregister web@h1'])
    expect(sync.tasks()).toEqual([])
  })

  test('a failure is logged, not thrown, and retried with backoff; the latest wish wins', async () => {
    const registrar = recording()
    const { calls } = registrar
    const clock = new ManualClock()
    const logs: string[] = []
    const sync = new RegistrationSync({ registrar, clock, log: (l, m) => logs.push(`${l} ${m}`), random: () => 0.5 })
    const stop = new AbortController()
    const rounds = sync.run(stop.signal)
    await sync.announce('web@h1', [web])
    registrar.failures = 2
    await sync.withdraw('web@h1')
    expect(logs.at(-1)).toBe('warn registrar failed; retrying')
    await sync.announce('web@h1', [{ ...web, port: 20002 }]) // fails too: the retry now registers this
    clock.advance(999)
    await settle()
    expect(calls).toHaveLength(3)
    clock.advance(1)
    await settle()
    expect(calls).toEqual([
      'register web@h1 web/http:20001',
      'deregister web@h1',
      'register web@h1 web/http:20002',
      'register web@h1 web/http:20002',
    ])
    expect(logs.at(-1)).toBe('info registered')
    expect(clock.sleeping).toBe(0)
    stop.abort()
    await rounds
  })

  test('restore reads what the registrar holds, so a Task gone meanwhile can be withdrawn', async () => {
    const registrar = recording(new Map([['old@h1', [web]]]))
    const { calls } = registrar
    const sync = new RegistrationSync({ registrar, clock: new ManualClock(), log: () => {} })
    expect(await sync.restore()).toEqual(['old@h1'])
    await sync.announce('old@h1', [web])
    expect(calls).toEqual([])
    await sync.withdraw('old@h1')
    expect(calls).toEqual(['deregister old@h1'])
  })
})
