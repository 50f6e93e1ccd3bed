import { describe, expect, expectTypeOf, test } from 'vitest'
import { byEventTime, Event, type EventInput, eventName, historyKey } from './event.js'
import { parseObject } from './kinds.js'

const minimal: EventInput = {
  apiVersion: 'helios/v1',
  kind: 'Event',
  metadata: { name: 'web.h1.lwx3k9a0-4f2c' },
  involvedObject: { kind: 'Task', name: 'web@h1' },
  reason: 'TaskState',
  source: { component: 'agent', host: 'h1' },
  timestamp: '2024-05-01T12:00:00.123Z',
}

const fieldsOf = (raw: unknown): string[] => {
  const result = Event.safeParse(raw)
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'))
}

describe('Event', () => {
  test('a minimal event parses with defaults; task fields default throttled', () => {
    const parsed = Event.parse({
      ...minimal,
      task: { host: 'h1', job: 'web:v1', jobId: 'web:v1:abc', state: 'RUNNING', containerId: '1a2b3c4d' },
    })
    expect(parsed).toMatchObject({ type: 'Normal', message: '', metadata: { labels: {}, annotations: {} } })
    expect(parsed.task?.throttled).toBe('NO')
    expect(parseObject(minimal).kind).toBe('Event')
    expectTypeOf<EventInput['type']>().toEqualTypeOf<'Normal' | 'Warning' | undefined>()
    expectTypeOf<Event['type']>().toEqualTypeOf<'Normal' | 'Warning'>()
  })

  test('each rule names its field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'Error' }, 'type'],
      [{ reason: 'task state' }, 'reason'],
      [{ message: 'x'.repeat(1025) }, 'message'],
      [{ timestamp: 'yesterday' }, 'timestamp'],
      [{ involvedObject: { kind: 'Pod', name: 'x' } }, 'involvedObject.kind'],
      [{ source: { component: 'kubelet' } }, 'source.component'],
      [{ metadata: { name: 'web@h1' } }, 'metadata.name'],
      [{ task: { host: 'h1', job: 'web:v1', jobId: 'web:v1:abc', state: 'SLEEPING' } }, 'task.state'],
      [{ spec: {} }, ''],
    ]
    for (const [patch, field] of cases) expect(fieldsOf({ ...minimal, ...patch })).toEqual([field])
  })
})

describe('eventName', () => {
  test('sanitizes the involved name, appends base-36 time and 4 random characters', () => {
    const at = Date.parse('2024-05-01T12:00:00Z')
    expect(eventName('web@h1', at, () => 0)).toBe(`web.h1.${at.toString(36)}-0000`)
    expect(eventName('nginx:v1', at, () => 0.5)).toMatch(/^nginx\.v1\.[0-9a-z]{8}-[0-9a-z]{4}$/)
    expect(eventName('@@', at, () => 0)).toBe(`event.${at.toString(36)}-0000`)
    expect(Event.shape.metadata.parse({ name: eventName('a/b c'.repeat(100), at) }).name.length).toBeLessThan(253)
  })

  test('names of one object sort by time', () => {
    const names = [0, 1, 999_999].map((ms) => eventName('web@h1', Date.parse('2024-05-01T12:00:00Z') + ms, () => 0.9))
    expect([...names].sort()).toEqual(names)
  })
})

describe('history', () => {
  test('task events count per object and job; others per object; oldest first by timestamp then name', () => {
    const task = { host: 'h1', job: 'web:v1', jobId: 'web:v1:abc', state: 'RUNNING' as const, throttled: 'NO' as const }
    const a = Event.parse({ ...minimal, task })
    const b = Event.parse({ ...minimal, metadata: { name: 'b' }, task: { ...task, job: 'web:v2' } })
    expect(historyKey(a)).toBe('Task/web@h1#web:v1')
    expect(historyKey(b)).toBe('Task/web@h1#web:v2')
    expect(historyKey(Event.parse(minimal))).toBe('Task/web@h1')
    const later = Event.parse({ ...minimal, metadata: { name: 'a' }, timestamp: '2024-05-01T12:00:01Z' })
    expect([later, b, a].sort(byEventTime).map((e) => e.metadata.name)).toEqual(['b', 'web.h1.lwx3k9a0-4f2c', 'a'])
  })
})
