/** @module Shapes of HTTP bodies that are not objects: lists, watch events, apply results; and the URL scheme. */
import type { Kind } from './kinds.js'
import { KINDS } from './kinds.js'

export const API_PREFIX = '/apis/helios/v1'

/** Largest request body the apiserver accepts (413 beyond it): no object can be larger. */
export const BODY_LIMIT_BYTES = 1024 * 1024

/** `GET /apis/helios/v1/<plural>` answers a List whose resourceVersion a watch can start from. */
export interface ListBody<T> {
  kind: 'List'
  apiVersion: 'helios/v1'
  metadata: { resourceVersion: string }
  items: T[]
}

/** One line of a watch stream (`?watch=1`), newline-delimited JSON. ERROR carries a Status (410 → relist). */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
export interface WatchEvent<T> {
  type: WatchEventType
  object: T
}

/** `POST /apis/helios/v1/apply[?dryRun=true]` answers what happened to the one object sent. */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged'
export interface ApplyResult<T> {
  outcome: ApplyOutcome
  object: T
}

/** Path of a collection or one object (or its `status` / `log` subresource); names are URL-encoded (Job names hold ":"). */
export function resourcePath(kind: Kind, name?: string, sub?: 'status' | 'log'): string {
  const base = `${API_PREFIX}/${KINDS[kind].plural}`
  if (name === undefined) return base
  return `${base}/${encodeURIComponent(name)}${sub ? `/${sub}` : ''}`
}
