/** @module The query of a log request (`?follow=1&tailLines=N&timestamps=1`), one parser for the apiserver and the agent, one writer for the client. */
import { ApiError } from './errors.js'

/** What `GET …/tasks/<name>/log` reads: the last `tailLines` lines (all when absent), then new ones while `follow`. */
export interface LogQuery {
  follow: boolean
  tailLines?: number
  timestamps: boolean
}

/** Reads a URL query; an unknown parameter, a repeated one or a bad value is BadRequest. */
export function parseLogQuery(params: URLSearchParams): LogQuery {
  for (const name of new Set(params.keys())) {
    if (!['follow', 'tailLines', 'timestamps'].includes(name))
      throw new ApiError('BadRequest', `unknown log parameter "${name}" (known: follow, tailLines, timestamps)`)
    if (params.getAll(name).length > 1) throw new ApiError('BadRequest', `${name} must be given once`)
  }
  const tail = params.get('tailLines')
  const tailLines = tail === null || tail === '' ? undefined : Number(tail)
  if (tailLines !== undefined && !(Number.isInteger(tailLines) && tailLines >= 0))
    throw new ApiError('BadRequest', `tailLines must be a whole number, at least 0, got "${tail}"`)
  return { follow: flag(params, 'follow'), timestamps: flag(params, 'timestamps'), tailLines }
}

/** `?follow=1&tailLines=N&timestamps=1`, only the parameters that differ from the defaults ('' when none). */
export function logQueryString(q: Partial<LogQuery>): string {
  const params = new URLSearchParams()
  if (q.follow) params.set('follow', '1')
  if (q.tailLines !== undefined) params.set('tailLines', String(q.tailLines))
  if (q.timestamps) params.set('timestamps', '1')
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

function flag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name) ?? ''
  if (value === '' || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw new ApiError('BadRequest', `${name} must be true or false, got "${value}"`)
}
