/** @module Event: one thing that happened to an object (a task state change, drift corrected); history is capped per object. */
import { z } from 'zod'
import { API_VERSION, MAX_NAME_LENGTH, namedMeta, SIMPLE_NAME } from './meta.js'
import { MAX_CONTAINER_ERROR, MAX_TASK_NAME_LENGTH, PassedThrough, TaskState, Throttle } from './task.js'

/** Events kept per involved object and job: Helios keeps 30 task history events per job per host. */
export const EVENTS_KEPT_PER_OBJECT = 30
/** Events kept per involved object whatever their job says, so varying `task.job` cannot grow one object's history. */
export const EVENTS_KEPT_PER_OBJECT_ALL_JOBS = 3 * EVENTS_KEPT_PER_OBJECT

export const EventType = z.enum(['Normal', 'Warning'])
export type EventType = z.output<typeof EventType>

export const InvolvedObject = z.strictObject({
  kind: z.enum(['Job', 'Deployment', 'Host', 'Task']),
  // A Task's name is the longest of any kind.
  name: z.string().min(1).max(MAX_TASK_NAME_LENGTH),
})
export type InvolvedObject = z.output<typeof InvolvedObject>

export const EventSource = z.strictObject({
  component: z.enum(['agent', 'apiserver', 'controller']),
  host: z.string().min(1).optional(),
  /** Set by the apiserver from the request's credentials, never taken from the body (auth/event-source.ts). */
  user: z.string().min(1).optional(),
})

/** A task's status at the time of the event, so `heliosctl history` needs no other lookups. */
export const EventTask = z.strictObject({
  host: z.string().min(1).max(MAX_NAME_LENGTH),
  /** The Job's name `name:version`. */
  job: z.string().min(1).max(MAX_NAME_LENGTH),
  /** The Job's full id `name:version:hash`. */
  jobId: z
    .string()
    .min(1)
    .max(MAX_NAME_LENGTH + 41),
  state: TaskState,
  throttled: Throttle.default('NO'),
  containerId: z.string().max(128).optional(),
  containerError: z.string().max(MAX_CONTAINER_ERROR).optional(),
  exitCode: z.number().int().optional(),
  /** The states the status passed through unwritten before this one: history shows each as a row of its own. */
  passedThrough: PassedThrough.optional(),
})
export type EventTask = z.output<typeof EventTask>

export const Event = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Event'),
    metadata: namedMeta(SIMPLE_NAME, 'Event names are letters, digits, ".", "_", "-" (see eventName)'),
    involvedObject: InvolvedObject.describe('The object it happened to, by kind and name.'),
    type: EventType.default('Normal').describe('Normal, or Warning for trouble.'),
    reason: z
      .string()
      .max(128, 'reason is at most 128 characters')
      .regex(/^[A-Z][A-Za-z0-9]*$/, 'reason is CamelCase, e.g. TaskState')
      .describe('CamelCase and machine-readable: TaskState, DriftCorrected, Pulled, Failed…'),
    message: z
      .string()
      .max(1024, 'message is at most 1024 characters')
      .default('')
      .describe('What happened, for people.'),
    source: EventSource.describe('The component (and host) that reported it.'),
    timestamp: z.iso
      .datetime({ offset: true })
      .describe("When it happened (the reporter's clock), not when the apiserver stored it."),
    task: EventTask.optional().describe("A Task's status at the time, for task state changes (heliosctl history)."),
  })
  .describe('One thing that happened to an object; the newest 30 per object (and job) are kept.')
export type EventInput = z.input<typeof Event>
export type Event = z.output<typeof Event>

/**
 * Event names are `<involved name, other characters as ".">.<epoch ms in base 36>-<4 random base-36
 * characters>`, e.g. `web.h1.lwx3k9a0-4f2c`: unique without coordination, URL- and ZooKeeper-safe,
 * and sorting by time within one object until 2059 (8 base-36 digits).
 */
export function eventName(involvedName: string, epochMs: number, random: () => number = Math.random): string {
  const prefix = involvedName
    .replace(/[^A-Za-z0-9_-]+/g, '.')
    .replace(/^[^A-Za-z0-9]+|\.+$/g, '')
    .slice(0, 200)
  const suffix = Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')
  const time = Math.max(0, Math.floor(epochMs)).toString(36)
  return `${prefix || 'event'}.${time}-${suffix}`
}

/** Which history an Event counts against: its object, and for task events the Job (Helios: per job per host). */
export const historyKey = (event: Pick<Event, 'involvedObject' | 'task'>): string =>
  `${event.involvedObject.kind}/${event.involvedObject.name}${event.task ? `#${event.task.job}` : ''}`

/** The history of an Event's object across every job (capped at EVENTS_KEPT_PER_OBJECT_ALL_JOBS). */
export const objectHistoryKey = (event: Pick<Event, 'involvedObject'>): string =>
  `object:${event.involvedObject.kind}/${event.involvedObject.name}`
/** Oldest first: by timestamp, then by name (which embeds the time). */
export const byEventTime = (a: Pick<Event, 'timestamp' | 'metadata'>, b: Pick<Event, 'timestamp' | 'metadata'>) =>
  Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.metadata.name.localeCompare(b.metadata.name)
