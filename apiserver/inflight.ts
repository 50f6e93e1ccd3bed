/**
 * @module Requests in flight: at most so many at once in all and per client (429 beyond, as Kubernetes'
 * --max-requests-inflight), so clients that never read their answers cannot pile up the apiserver's memory. Watches
 * and log follows last as long as their clients want: the watch limits count those.
 */
import type { Request, RequestHandler } from 'express'
import { ApiError } from '../apis/index.js'
import { clientKey } from './client-key.js'

export interface InflightLimits {
  total: number
  perClient: number
}

export const DEFAULT_INFLIGHT_LIMITS: InflightLimits = { total: 1_000, perClient: 500 }

/** A watch (`?watch=1`) or a log follow (`?follow=1`): not counted here. */
function isLongRunning(req: Request): boolean {
  const query = req.url.indexOf('?')
  if (query < 0) return false
  const params = new URLSearchParams(req.url.slice(query + 1))
  return ['watch', 'follow'].some((name) => {
    const value = params.get(name)
    return value !== null && value !== '' && value !== '0' && value !== 'false'
  })
}

/** Mounted after authentication, so a client is its token's user when there is one. */
export function inflightLimit(limits: InflightLimits): RequestHandler {
  let total = 0
  const byClient = new Map<string, number>()
  return (req, res, next) => {
    if (isLongRunning(req)) return next()
    const client = clientKey(req, res)
    const mine = byClient.get(client) ?? 0
    if (total >= limits.total || mine >= limits.perClient) {
      res.set('Retry-After', '1')
      const which = mine >= limits.perClient ? `${client} has ${mine}` : `${total} are`
      throw new ApiError('TooManyRequests', `too many requests in flight (${which}); retry in a second`)
    }
    total++
    byClient.set(client, mine + 1)
    let released = false
    const release = () => {
      if (released) return
      released = true
      total--
      const left = (byClient.get(client) ?? 1) - 1
      if (left > 0) byClient.set(client, left)
      else byClient.delete(client)
    }
    res.once('finish', release)
    res.once('close', release)
    next()
  }
}
