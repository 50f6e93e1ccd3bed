import { describe, expect, it } from 'vitest'
import { ManualClock } from '../client/testing/manual-clock.js'
import { throttledEnqueue } from './throttled-enqueue.js'

function recordingQueue(clock: ManualClock) {
  const added: Array<{ key: string; at: number }> = []
  const delayed: Array<{ key: string; dueAt: number }> = []
  return {
    added,
    delayed,
    add: (key: string) => void added.push({ key, at: clock.now() }),
    addAfter: (key: string, ms: number) => void delayed.push({ key, dueAt: clock.now() + ms }),
  }
}

describe('throttledEnqueue', () => {
  it('enqueues a quiet key at once, and the rest of a burst for the end of the window', () => {
    const clock = new ManualClock(0)
    const queue = recordingQueue(clock)
    const enqueue = throttledEnqueue(queue, clock, 250)
    enqueue('Deployment/a')
    for (let i = 0; i < 1000; i++) {
      clock.advance(0.1)
      enqueue('Deployment/a')
    }
    expect(queue.added).toEqual([{ key: 'Deployment/a', at: 0 }])
    // Every later change asks for the same moment: the window's end, never later.
    expect(new Set(queue.delayed.map((d) => d.dueAt))).toEqual(new Set([250]))
  })

  it('a change stream lasting many windows gets one turn per window, never two', () => {
    const clock = new ManualClock(0)
    const queue = recordingQueue(clock)
    const enqueue = throttledEnqueue(queue, clock, 250)
    for (let t = 0; t <= 1000; t += 10) {
      enqueue('a')
      clock.advance(10)
    }
    expect(queue.added.map((a) => a.at)).toEqual([0])
    expect([...new Set(queue.delayed.map((d) => d.dueAt))]).toEqual([250, 500, 750, 1000, 1250])
  })

  it('keys are throttled apart, and a key quiet for a window is enqueued at once again', () => {
    const clock = new ManualClock(0)
    const queue = recordingQueue(clock)
    const enqueue = throttledEnqueue(queue, clock, 250)
    enqueue('a')
    enqueue('b')
    clock.advance(250)
    enqueue('a')
    expect(queue.added.map((a) => `${a.key}@${a.at}`)).toEqual(['a@0', 'b@0', 'a@250'])
    expect(queue.delayed).toEqual([])
  })

  it('thirty thousand distinct keys are each enqueued at once (old ones are forgotten past ten thousand)', () => {
    const clock = new ManualClock(0)
    const queue = recordingQueue(clock)
    const enqueue = throttledEnqueue(queue, clock, 250)
    for (let i = 0; i < 30_000; i++) {
      enqueue(`k${i}`)
      clock.advance(1)
    }
    expect(queue.added).toHaveLength(30_000)
    expect(queue.delayed).toHaveLength(0)
  })
})
