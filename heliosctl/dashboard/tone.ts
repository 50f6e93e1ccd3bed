/** @module Semantic colours: view models name a tone, and only the palette turns it into a terminal colour. */
import type { EventType, HostState, TaskState, Throttle } from '../../apis/index.js'
import type { RolloutView } from '../rollout-progress.js'

/** ok = green, busy = yellow (transient), bad = red, off = grey (stopped, idle), accent = cyan (titles). */
export type Tone = 'ok' | 'busy' | 'bad' | 'off' | 'accent'

const TASK_TONES = {
  RUNNING: 'ok',
  SUCCEEDED: 'ok',
  PULLING_IMAGE: 'busy',
  CREATING: 'busy',
  STARTING: 'busy',
  HEALTHCHECKING: 'busy',
  EXITED: 'busy',
  STOPPING: 'busy',
  STOPPED: 'off',
  FAILED: 'bad',
} as const satisfies Record<TaskState, Tone>

/** RUNNING green, transient states yellow, FAILED or throttled red, STOPPED grey; no status yet is transient. */
export function taskTone(state: TaskState | undefined, throttled: Throttle = 'NO'): Tone {
  if (throttled !== 'NO') return 'bad'
  return state ? TASK_TONES[state] : 'busy'
}

export const hostTone = (state: HostState | undefined): Tone => (state === 'UP' ? 'ok' : 'bad')

const ROLLOUT_TONES = {
  DONE: 'ok',
  ROLLING_OUT: 'busy',
  PAUSED: 'busy',
  REVERTING: 'bad',
  REVERTED: 'bad',
  FAILED: 'bad',
  IDLE: 'off',
} as const satisfies Record<RolloutView, Tone>

export const rolloutTone = (state: RolloutView | 'PENDING'): Tone =>
  state === 'PENDING' ? 'busy' : ROLLOUT_TONES[state]

export const eventTone = (type: EventType): Tone | undefined => (type === 'Warning' ? 'bad' : undefined)

const INK_COLORS = { ok: 'green', busy: 'yellow', bad: 'red', off: 'gray', accent: 'cyan' } as const satisfies Record<
  Tone,
  string
>

/**
 * The Ink colour for `tone`, or undefined when colours are off. Ink's chalk honours FORCE_COLOR and a
 * non-terminal stdout but not NO_COLOR, so the dashboard decides itself (print/style.ts wantsColor).
 */
export const inkColor = (tone: Tone | undefined, color: boolean): string | undefined =>
  color && tone ? INK_COLORS[tone] : undefined
