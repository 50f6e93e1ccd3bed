import { afterEach, describe, expect, test } from 'vitest'
import { type AnyObject, ApiError, type Task } from '../apis/index.js'
import { type ChangeType, Informer } from './informer.js'
import { FakeWatchServer } from './testing/fake-watch-server.js'
import { ManualClock } from './testing/manual-clock.js'
import { until } from './testing/until.js'

const task = (name: string, host: string, state = 'RUNNING') =>
  ({
    apiVersion: 'helios/v1',
    kind: 'Task',
    metadata: { name, labels: {}, annotations: {} },
    spec: { host, deployment: name.split('@')[0], job: 'web:v1', goal: 'START' },
    status: { state },
  }) as unknown as AnyObject

let abort = new AbortController()
afterEach(() => {
  abort.abort()
  abort = new AbortController()
})

interface Seen {
  type: ChangeType
  name: string
  rv: string | undefined
  oldRv: string | undefined
}

/** An informer of Tasks indexed byHost on `server`, on a manual clock, recording every change. */
async function start(server: FakeWatchServer, clock = new ManualClock()) {
  const log: string[] = []
  const informer = new Informer(server, 'Task', { log: (_l, msg) => log.push(msg), clock, random: () => 0.5 })
  informer.addIndexer('byHost', (t) => [t.spec.host])
  const seen: Seen[] = []
  informer.onChange((obj, old, type) =>
    seen.push({
      type,
      name: obj.metadata.name,
      rv: obj.metadata.resourceVersion,
      oldRv: old?.metadata.resourceVersion,
    }),
  )
  void informer.run(abort.signal)
  await informer.waitForSync()
  await until(() => server.openStreams === 1, 'the first watch')
  return { informer, seen, clock, log }
}

const onHost = (informer: Informer<'Task'>, host: string) =>
  informer
    .byIndex('byHost', host)
    .map((t) => t.metadata.name)
    .sort()

describe('Informer: indexes and (obj, old, type) handlers', () => {
  test('ADDED has no old; MODIFIED has the one before; DELETED has the last state; indexes follow', async () => {
    const server = new FakeWatchServer()
    const a1 = server.set(task('web@h1', 'h1'))
    const { informer, seen } = await start(server)
    expect(seen).toEqual([{ type: 'ADDED', name: 'web@h1', rv: a1.metadata.resourceVersion, oldRv: undefined }])

    const a2 = server.set(task('web@h1', 'h2', 'EXITED'))
    await until(() => seen.length === 2)
    expect(seen[1]).toEqual({
      type: 'MODIFIED',
      name: 'web@h1',
      rv: a2.metadata.resourceVersion,
      oldRv: a1.metadata.resourceVersion,
    })
    expect(onHost(informer, 'h1')).toEqual([])
    expect(onHost(informer, 'h2')).toEqual(['web@h1'])

    server.delete('Task', 'web@h1')
    await until(() => seen.length === 3)
    expect(seen[2]?.type).toBe('DELETED')
    expect(seen[2]?.oldRv).toBe(a2.metadata.resourceVersion)
    expect(Number(seen[2]?.rv)).toBeGreaterThan(Number(a2.metadata.resourceVersion))
    expect(onHost(informer, 'h2')).toEqual([])
    expect(informer.get('web@h1')).toBeUndefined()
  })

  test('byIndex answers the frozen objects get() answers, not copies', async () => {
    const server = new FakeWatchServer()
    server.set(task('web@h1', 'h1'))
    const { informer } = await start(server)
    const [found] = informer.byIndex('byHost', 'h1')
    expect(found).toBe(informer.get('web@h1'))
    expect(Object.isFrozen(found)).toBe(true)
    expect(Object.isFrozen(found?.spec)).toBe(true)
    expect(() => informer.byIndex('byhost', 'h1')).toThrow(/no index/)
  })

  test('a predicate keeps a handler from changes it refuses; a throwing handler does not stop the others', async () => {
    const server = new FakeWatchServer()
    const { informer, seen } = await start(server)
    const stateChanges: string[] = []
    const asked: Array<[string, string | undefined, ChangeType]> = []
    informer.onChange(() => {
      throw new Error('handler bug')
    })
    informer.onChange(
      (t: Task) => stateChanges.push(`${t.metadata.name} ${t.status?.state}`),
      (t, old, type) => {
        asked.push([t.status?.state ?? '-', old?.status?.state, type])
        return old?.status?.state !== t.status?.state
      },
    )
    server.set(task('web@h1', 'h1'))
    server.set(task('web@h1', 'h1'))
    server.set(task('web@h1', 'h1', 'EXITED'))
    await until(() => seen.length === 3)
    expect(asked).toEqual([
      ['RUNNING', undefined, 'ADDED'],
      ['RUNNING', 'RUNNING', 'MODIFIED'],
      ['EXITED', 'RUNNING', 'MODIFIED'],
    ])
    expect(stateChanges).toEqual(['web@h1 RUNNING', 'web@h1 EXITED'])
  })
})

describe('Informer: watches resume where they broke; only Expired relists', () => {
  test('a broken stream resumes from the last event without a list, and gets what happened meanwhile', async () => {
    const server = new FakeWatchServer()
    server.set(task('a@h1', 'h1'))
    const { informer, seen, clock } = await start(server)
    const b = server.set(task('b@h1', 'h1'))
    await until(() => seen.length === 2)
    server.breakStreams()
    const c = server.set(task('c@h2', 'h2'))
    server.delete('Task', 'a@h1')
    await until(() => clock.sleeping === 1, 'the informer waiting to resume')
    clock.advance(10_000)
    await until(() => seen.length === 4, 'the replayed events')
    expect(server.lists).toBe(1)
    // From the version before b's: b's own transaction may hold more than b (see the next test).
    expect(server.watches.map((w) => w.resourceVersion)[1]).toBe(String(BigInt(b.metadata.resourceVersion ?? '') - 1n))
    expect(seen.slice(2).map((s) => `${s.type} ${s.name}`)).toEqual(['ADDED c@h2', 'DELETED a@h1'])
    expect(informer.get('c@h2')?.metadata.resourceVersion).toBe(c.metadata.resourceVersion)
    expect(onHost(informer, 'h1')).toEqual(['b@h1'])
  })

  test('objects written in one transaction share a version: a stream cut between them still delivers the rest, once', async () => {
    const server = new FakeWatchServer()
    const { informer, seen, clock } = await start(server)
    for (let round = 1; round <= 5; round++) {
      const names = [`x${round}@h1`, `y${round}@h1`, `z${round}@h1`]
      const delivered = 1 + (round % 2)
      server.setTogether(
        names.map((name) => task(name, 'h1')),
        delivered,
      )
      await until(() => informer.get(names[delivered - 1] ?? '') !== undefined, `round ${round}: the first ones`)
      server.breakStreams()
      await until(() => clock.sleeping === 1, `round ${round}: the pause`)
      clock.advance(10_000)
      await until(() => names.every((n) => informer.get(n)), `round ${round}: every object of the transaction`)
      await until(() => server.openStreams === 1)
      // Each object was seen once: the replay of what the cut stream had already delivered changed nothing.
      expect(seen.filter((s) => names.includes(s.name)).map((s) => `${s.type} ${s.name}`)).toEqual(
        names.map((n) => `ADDED ${n}`),
      )
    }
    // A delete replayed the same way is not told twice either.
    server.setTogether([task('p@h1', 'h1'), task('q@h1', 'h1')])
    await until(() => informer.get('q@h1') !== undefined)
    server.delete('Task', 'p@h1')
    await until(() => informer.get('p@h1') === undefined)
    server.breakStreams()
    await until(() => clock.sleeping === 1)
    clock.advance(10_000)
    await until(() => server.openStreams === 1)
    server.set(task('r@h1', 'h1'))
    await until(() => informer.get('r@h1') !== undefined)
    expect(seen.filter((s) => s.name === 'p@h1').map((s) => s.type)).toEqual(['ADDED', 'DELETED'])
    expect(server.lists).toBe(1)
  })

  test('a stream the server ends resumes from its last BOOKMARK, with no relist, in many rounds', async () => {
    const server = new FakeWatchServer()
    const { clock } = await start(server)
    for (let round = 1; round <= 5; round++) {
      server.set({ ...task(`other@h${round}`, 'h1'), kind: 'Job' } as AnyObject)
      server.bookmark('Task')
      const bookmarked = server.resourceVersion
      server.endStreams()
      await until(() => clock.sleeping === 1, `round ${round}: the pause`)
      clock.advance(10_000)
      await until(() => server.openStreams === 1, `round ${round}: the resumed watch`)
      expect(server.watches.at(-1)?.resourceVersion).toBe(bookmarked)
    }
    expect(server.lists).toBe(1)
  })

  test('an ERROR line other than 410 resumes from the same version; a bookmark without a version moves nothing', async () => {
    const server = new FakeWatchServer()
    const a = server.set(task('a@h1', 'h1'))
    const { clock } = await start(server)
    server.send('Task', { type: 'BOOKMARK', object: { metadata: { resourceVersion: '../../x' } } as AnyObject })
    server.send('Task', { type: 'ERROR', object: new ApiError('Internal', 'boom').toStatus() as unknown as AnyObject })
    await until(() => clock.sleeping === 1)
    clock.advance(10_000)
    await until(() => server.watches.length === 2)
    expect(server.watches[1]?.resourceVersion).toBe(a.metadata.resourceVersion)
    expect(server.lists).toBe(1)
  })

  test('410 Expired relists at once: gone objects are DELETED with their last state, changed ones MODIFIED with old', async () => {
    const server = new FakeWatchServer()
    const a = server.set(task('a@h1', 'h1'))
    server.set(task('b@h1', 'h1'))
    const { informer, seen, clock } = await start(server)
    server.breakStreams()
    server.delete('Task', 'b@h1')
    const a2 = server.set(task('a@h1', 'h3'))
    server.compact()
    await until(() => clock.sleeping === 1)
    clock.advance(10_000)
    await until(() => server.lists === 2, 'the relist after 410')
    await until(() => server.openStreams === 1)
    expect(seen.slice(2)).toEqual([
      { type: 'MODIFIED', name: 'a@h1', rv: a2.metadata.resourceVersion, oldRv: a.metadata.resourceVersion },
      expect.objectContaining({ type: 'DELETED', name: 'b@h1' }),
    ])
    expect(seen[3]?.rv).toBe(seen[3]?.oldRv)
    expect(onHost(informer, 'h1')).toEqual([])
    expect(onHost(informer, 'h3')).toEqual(['a@h1'])
    expect(server.watches.at(-1)?.resourceVersion).toBe(server.resourceVersion)
    expect(clock.sleeping).toBe(0)
  })

  test('a version the server has not reached (ResourceVersionTooLarge) relists after a pause; Unavailable alone resumes', async () => {
    const server = new FakeWatchServer()
    const { clock } = await start(server)
    const tooLarge = new ApiError('Unavailable', 'newer than this apiserver has seen', {
      causes: [{ field: 'resourceVersion', message: 'ResourceVersionTooLarge: 9 > 2' }],
    })
    server.breakStreams(new ApiError('Unavailable', 'apiserver away'))
    await until(() => clock.sleeping === 1)
    clock.advance(10_000)
    await until(() => server.openStreams === 1)
    expect(server.lists).toBe(1)
    server.breakStreams(tooLarge)
    await until(() => clock.sleeping === 1)
    clock.advance(10_000)
    await until(() => server.lists === 2)
  })

  test('failures wait the jittered backoff on the informer clock, doubling; a successful list starts it over', async () => {
    const server = new FakeWatchServer()
    server.set(task('a@h1', 'h1'))
    const { clock } = await start(server)
    server.listError = new ApiError('Unavailable', 'apiserver away')
    server.breakStreams()
    server.set(task('b@h1', 'h1'))
    server.compact()
    // random 0.5 → no jitter: 500 ms, then the Expired watch lists at once and fails: 1 s, 2 s.
    for (const [ms, lists] of [
      [500, 2],
      [1000, 3],
      [2000, 4],
    ] as const) {
      await until(() => clock.sleeping === 1, `a wait of ${ms} ms`)
      clock.advance(ms - 1)
      await new Promise((resolve) => setImmediate(resolve))
      expect(server.lists).toBe(lists - 1)
      clock.advance(1)
      await until(() => server.lists === lists, `list ${lists}`)
    }
    server.listError = undefined
    await until(() => clock.sleeping === 1)
    clock.advance(4000)
    await until(() => server.openStreams === 1)
    server.set(task('b@h1', 'h1'))
    server.breakStreams()
    await until(() => clock.sleeping === 1)
    clock.advance(499)
    await new Promise((resolve) => setImmediate(resolve))
    expect(server.openStreams).toBe(0)
    clock.advance(1)
    await until(() => server.openStreams === 1, 'the resume after 500 ms again')
  })
})
