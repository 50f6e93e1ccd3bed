/** @module ManualClock: a Clock whose time moves only when a test calls advance(); sleeps wake then. */
import type { Clock } from '../clock.js'

export class ManualClock implements Clock {
  private time: number
  private sleepers: Array<{ at: number; wake: () => void }> = []

  constructor(start = Date.parse('2024-01-01T00:00:00Z')) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const sleeper = { at: this.time + ms, wake: () => resolve() }
      this.sleepers.push(sleeper)
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper)
          resolve()
        },
        { once: true },
      )
    })
  }

  /** How many sleeps are waiting. */
  get sleeping(): number {
    return this.sleepers.length
  }

  advance(ms: number): void {
    this.time += ms
    const due = this.sleepers.filter((s) => s.at <= this.time)
    this.sleepers = this.sleepers.filter((s) => s.at > this.time)
    for (const s of due) s.wake()
  }
}
