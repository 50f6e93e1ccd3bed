import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { bookmarkLine, encodeLine, retypeLine, type WatchLineType, watchLine } from './watch-line.js'

const TYPES: WatchLineType[] = ['ADDED', 'MODIFIED', 'DELETED']

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

describe('encodeLine and retypeLine', () => {
  test('any object: exactly JSON.stringify({type, object}) and a newline; retyped, exactly the other type (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.constantFrom(...TYPES),
        fc.constantFrom(...TYPES),
        (object, from, to) => {
          const line = encodeLine(from, object)
          expect(line.toString('utf8')).toBe(`${JSON.stringify({ type: from, object })}\n`)
          expect(retypeLine(line, from, to).equals(Buffer.from(`${JSON.stringify({ type: to, object })}\n`))).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('what is not JSON is refused, never sent as a broken line', () => {
    expect(() => encodeLine('ADDED', { n: 1n })).toThrow(TypeError)
    expect(() => encodeLine('ADDED', undefined)).toThrow(TypeError)
  })
})

describe('bookmarkLine', () => {
  test('one Buffer per kind and version, however many streams bookmark; a new version or kind is a new line', () => {
    const first = bookmarkLine('Task', '42')
    expect(bookmarkLine('Task', '42')).toBe(first)
    expect(JSON.parse(first.toString())).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'Task', apiVersion: 'helios/v1', metadata: { resourceVersion: '42' } },
    })
    const host = bookmarkLine('Host', '42')
    expect(host).not.toBe(first)
    expect(JSON.parse(host.toString()).object.kind).toBe('Host')
    expect(bookmarkLine('Task', '42')).toBe(first)
    const next = bookmarkLine('Task', '43')
    expect(JSON.parse(next.toString()).object.metadata.resourceVersion).toBe('43')
    expect(bookmarkLine('Task', '43')).toBe(next)
  })
})
