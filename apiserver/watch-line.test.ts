import { describe, expect, test } from 'vitest'
import { watchLine } from './watch-line.js'

describe('watchLine', () => {
  test('one Buffer per frozen object and event type, shared by every stream; JSON and a newline', () => {
    const object = Object.freeze({ kind: 'Host', metadata: Object.freeze({ name: 'h1', resourceVersion: '7' }) })
    const added = watchLine({ type: 'ADDED', object })
    expect(watchLine({ type: 'ADDED', object })).toBe(added)
    expect(added.toString()).toBe(`${JSON.stringify({ type: 'ADDED', object })}\n`)
    const deleted = watchLine({ type: 'DELETED', object })
    expect(deleted).not.toBe(added)
    expect(JSON.parse(deleted.toString())).toEqual({ type: 'DELETED', object })
  })

  test('objects that may still change (bookmarks, errors) are encoded anew each time', () => {
    const object = { kind: 'Host', metadata: { resourceVersion: '7' } }
    const first = watchLine({ type: 'BOOKMARK', object })
    object.metadata.resourceVersion = '8'
    const second = watchLine({ type: 'BOOKMARK', object })
    expect(JSON.parse(second.toString()).object.metadata.resourceVersion).toBe('8')
    expect(second).not.toBe(first)
  })
})
