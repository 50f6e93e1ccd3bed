/** @module GET /apis/helios/v1/tasks/<name>/log: the Task's container logs, streamed through from its host's agent (kubectl logs → kubelet). */
import { Router } from 'express'
import { ApiError, type Host, isNotFound, logQueryString, parseLogQuery, type Task } from '../../apis/index.js'
import { openAgentLog } from '../agent-logs.js'
import type { AppContext } from '../app-context.js'
import { guard } from '../auth/guard.js'
import { param } from './params.js'

/** `?follow=1&tailLines=N&timestamps=1`; a follow lasts until the client or the agent goes away. */
export function logRoutes(ctx: AppContext, agentTokens: (host: string) => readonly string[] = () => []): Router {
  const router = Router({ caseSensitive: true })

  // Container logs are read like the Task itself (Kubernetes: pods/log).
  const readTask = guard(ctx, (req) => ({ verb: 'get', kind: 'Task', name: param(req, 'name') }))
  router.get('/tasks/:name/log', readTask, async (req, res) => {
    const query = parseLogQuery(new URL(req.originalUrl, 'http://apiserver').searchParams)
    const task = (await ctx.store.get('Task', param(req, 'name'))) as Task
    const host = await taskHost(ctx, task)
    const address = host.status?.agentAddress
    if (!address)
      throw new ApiError(
        'Unavailable',
        `host "${host.metadata.name}" reports no log endpoint (its agent runs with --listen-address none, is hollow, or predates logs)`,
      )
    const abort = new AbortController()
    res.once('close', () => abort.abort())
    const upstream = await openAgentLog({
      host: host.metadata.name,
      address,
      certificateSha256: host.status?.agentCertificateSha256,
      task: task.metadata.name,
      query: logQueryString(query),
      tokens: agentTokens(host.metadata.name),
      signal: abort.signal,
      note:
        host.status?.state === 'DOWN' ? `the host is DOWN (last heartbeat ${host.status.lastHeartbeat})` : undefined,
    })
    res.locals.watch = true // as long as the client wants: kept out of the latency histogram
    res.status(200).set({
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    })
    res.flushHeaders()
    req.socket.setNoDelay(true)
    // An agent gone mid-stream must not look like the end of the logs: the client sees a broken stream.
    upstream.once('close', () => {
      if (!upstream.complete) res.destroy()
    })
    upstream.on('error', () => res.destroy())
    upstream.pipe(res)
  })

  return router
}

/** The Host the Task is bound to; a Task without a container yet has no logs to read. */
async function taskHost(ctx: AppContext, task: Task): Promise<Host> {
  const name = task.metadata.name
  if (!task.status?.containerId) {
    const state = task.status ? `state ${task.status.state}` : 'no status yet'
    throw new ApiError('Conflict', `task "${name}" has no container yet (${state}); its logs appear once it has one`)
  }
  try {
    return (await ctx.store.get('Host', task.spec.host)) as Host
  } catch (err) {
    if (!isNotFound(err)) throw err
    throw new ApiError('Unavailable', `host "${task.spec.host}" of task "${name}" is not registered`, { cause: err })
  }
}
