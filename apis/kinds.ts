/** @module The kind registry: every kind's schema, plural and validation entry point. */
import type { z } from 'zod'
import { Deployment } from './deployment.js'
import { Endpoints } from './endpoints.js'
import { ApiError, fieldPath, fromZodError } from './errors.js'
import { Event } from './event.js'
import { Host } from './host.js'
import { Job } from './job.js'
import type { AnyObject } from './meta.js'
import { API_VERSION } from './meta.js'
import { Task } from './task.js'

export const KINDS = {
  Job: { plural: 'jobs', schema: Job, userWritable: true },
  Deployment: { plural: 'deployments', schema: Deployment, userWritable: true },
  Host: { plural: 'hosts', schema: Host, userWritable: true },
  Task: { plural: 'tasks', schema: Task, userWritable: false },
  Event: { plural: 'events', schema: Event, userWritable: false },
  Endpoints: { plural: 'endpoints', schema: Endpoints, userWritable: false },
} as const

export type Kind = keyof typeof KINDS
export type ObjectOf<K extends Kind> = z.output<(typeof KINDS)[K]['schema']>
export type HeliosObject = Job | Deployment | Host | Task | Event | Endpoints

export const ALL_KINDS = Object.keys(KINDS) as Kind[]
export const isKind = (k: unknown): k is Kind => typeof k === 'string' && Object.hasOwn(KINDS, k)

/** Resolves what users type (`job`, `jobs`, `Deployment`, `deploy`, `task`) to a Kind. */
export function kindFromUser(word: string): Kind | undefined {
  const w = word.toLowerCase()
  const aliases: Record<string, Kind> = {
    deploy: 'Deployment',
    deploys: 'Deployment',
    node: 'Host',
    nodes: 'Host',
    no: 'Host',
    ev: 'Event',
    ep: 'Endpoints',
  }
  if (Object.hasOwn(aliases, w)) return aliases[w]
  return ALL_KINDS.find((k) => k.toLowerCase() === w || KINDS[k].plural === w)
}

export const kindFromPlural = (plural: string): Kind | undefined => ALL_KINDS.find((k) => KINDS[k].plural === plural)

/** A name as an error quotes it: a name far over the cap must not make a one-line error megabytes long. */
export const shortName = (name: string): string =>
  name.length > 80 ? `${name.slice(0, 60)}…(${name.length} characters)` : name

/** How errors name an object: `Job "nginx:v1"`. */
export function describeObject(raw: unknown): string {
  const obj = raw as { kind?: unknown; metadata?: { name?: unknown } } | null
  const kind = typeof obj?.kind === 'string' ? obj.kind : 'object'
  const name = typeof obj?.metadata?.name === 'string' ? ` "${shortName(obj.metadata.name)}"` : ''
  return `${kind}${name}`
}

/** Validates any object against its kind's schema, filling defaults; throws ApiError('Invalid') naming fields. */
export function parseObject(raw: unknown, where = ''): HeliosObject {
  const label = where ? `${where}: ${describeObject(raw)}` : describeObject(raw)
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ApiError('Invalid', `${where || 'manifest'}: expected an object with apiVersion, kind, metadata and spec`)
  }
  const { apiVersion, kind } = raw as { apiVersion?: unknown; kind?: unknown }
  if (apiVersion !== API_VERSION) {
    throw new ApiError('Invalid', `${label} is invalid: apiVersion: must be "${API_VERSION}"`, {
      causes: [{ field: 'apiVersion', message: `must be "${API_VERSION}"` }],
    })
  }
  if (!isKind(kind)) {
    const known = ALL_KINDS.join(', ')
    throw new ApiError('Invalid', `${label} is invalid: kind: unknown kind ${JSON.stringify(kind)} (known: ${known})`, {
      causes: [{ field: 'kind', message: `unknown kind (known: ${known})` }],
    })
  }
  const proto = protoKeyPath(raw)
  if (proto !== undefined) {
    const message = 'the key "__proto__" is not allowed'
    throw new ApiError('Invalid', `${label} is invalid: ${proto}: ${message}`, { causes: [{ field: proto, message }] })
  }
  const result = KINDS[kind].schema.safeParse(raw)
  if (!result.success) throw fromZodError(result.error, label)
  return result.data as HeliosObject
}

/** Narrows a parsed object to one kind. */
export const isOfKind = <K extends Kind>(obj: AnyObject, kind: K): obj is AnyObject & ObjectOf<K> => obj.kind === kind

/**
 * The path of the first own "__proto__" key in a parsed JSON or YAML value: JSON.parse keeps one as data, but copying
 * it into a record sets a prototype instead, so the entry would vanish silently (or worse) on the way to the store.
 * Walked with a stack of its own, not recursion: a body nested thousands deep must not overflow the call stack.
 */
function protoKeyPath(root: unknown): string | undefined {
  interface Step {
    value: unknown
    key?: string | number
    parent?: Step
  }
  const pathOf = (step: Step): (string | number)[] => {
    const path: (string | number)[] = []
    for (let at: Step | undefined = step; at?.key !== undefined; at = at.parent) path.unshift(at.key)
    return path
  }
  const stack: Step[] = [{ value: root }]
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const value = step.value
    if (value === null || typeof value !== 'object') continue
    for (const [key, child] of Object.entries(value)) {
      const at: Step = { value: child, key: Array.isArray(value) ? Number(key) : key, parent: step }
      if (key === '__proto__') return fieldPath(pathOf(at))
      if (child !== null && typeof child === 'object') stack.push(at)
    }
  }
  return undefined
}
