import { expect, test } from 'vitest'
import { type AnyObject, parseObject } from '../../apis/index.js'
import { MemoryStore } from '../storage/memory-store.js'
import { EventHistoryIndex, eventHistoryIndex } from './event-history-index.js'

const event = (task: string, n: number): AnyObject =>
  parseObject({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: `${task.replace('@', '.')}.${n}` },
    involvedObject: { kind: 'Task', name: task },
    type: 'Normal',
    reason: 'TaskState',
    message: 'RUNNING',
    source: { component: 'agent', host: 'h1' },
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    task: { host: 'h1', job: 'web:v1', jobId: 'web:v1:abc', state: 'RUNNING' },
  }) as AnyObject

test('the index holds Events stored before it was built, then follows creates and deletes, oldest first', async () => {
  const store = new MemoryStore()
  await store.create(event('web@h1', 5))
  await store.create(event('web@h2', 1))
  const index = await eventHistoryIndex(store)
  expect(await eventHistoryIndex(store)).toBe(index)
  await store.create(event('web@h1', 2))
  await store.create(event('web@h1', 9))
  await store.delete('Event', 'web.h1.9')
  const key = 'Task/web@h1#web:v1'
  expect(index.entries(key).map((e) => e.name)).toEqual(['web.h1.2', 'web.h1.5'])
  expect(index.size('Task/web@h2#web:v1')).toBe(1)
  await store.delete('Event', 'web.h2.1')
  expect(index.size('Task/web@h2#web:v1')).toBe(0)
})

test('a trim committed before the watch reports it is left out of its history, until the watch catches up', () => {
  const index = new EventHistoryIndex()
  const key = 'Task/web@h1#web:v1'
  for (const n of [1, 2, 3]) index.add(event('web@h1', n))
  index.markTrimmed(key, ['web.h1.1', 'never.held'])
  expect(index.entries(key).map((e) => e.name)).toEqual(['web.h1.2', 'web.h1.3'])
  index.remove(event('web@h1', 1))
  index.add(event('web@h1', 1)) // the same name stored again later counts again
  expect(index.entries(key).map((e) => e.name)).toEqual(['web.h1.1', 'web.h1.2', 'web.h1.3'])
  // A name the index never held is not remembered (no DELETED would ever clear it).
  index.add({ ...event('web@h1', 4), metadata: { name: 'never.held' } } as AnyObject)
  expect(index.entries(key).map((e) => e.name)).toContain('never.held')
})
