/** @module What benchmarks wait on without polling: a Task status through the apiserver's watch, a Docker engine event. */
import { request } from 'node:http'
import type { Task } from '../apis/index.js'
import { type HeliosClient, streamEvents } from '../client/index.js'

/**
 * The Task events of a watch: ADDED, MODIFIED and DELETED. BOOKMARKs (an idle watch gets one every 15 s, so a slow
 * machine sees them mid-benchmark) carry no Task; an ERROR (a 410 Expired) throws, as it does for an informer, rather
 * than leave the benchmark waiting out its timeout.
 */
export async function* taskEvents(
  client: HeliosClient,
  opts: { fieldSelector?: string; signal: AbortSignal },
): AsyncGenerator<{ type: 'ADDED' | 'MODIFIED' | 'DELETED'; task: Task }> {
  for await (const event of streamEvents(client.watch('Task', opts))) {
    if (event.type !== 'BOOKMARK') yield { type: event.type, task: event.object }
  }
}

/** Resolves with the Task once a watch event shows `ok(task)`; rejects when `signal` aborts first. */
export async function watchTask(
  client: HeliosClient,
  name: string,
  ok: (task: Task) => boolean,
  signal: AbortSignal,
): Promise<Task> {
  for await (const { task } of taskEvents(client, { fieldSelector: `metadata.name=${name}`, signal })) {
    if (ok(task)) return task
  }
  throw new Error(`the watch of ${name} ended first`)
}

/** A subscription to one container's Docker events, open (the engine is already listening) when it resolves. */
export interface EngineEvent {
  /** Resolves at the first event `action` of the container. */
  next: Promise<void>
  close(): void
}

const engineSocket = (): string => {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'
  if (!host.startsWith('unix://')) throw new Error(`the benchmarks read engine events over a unix socket, not ${host}`)
  return host.slice('unix://'.length)
}

/** Subscribes to the Engine API's /events for one container and action (e.g. `start`). */
export function engineEvent(containerId: string, action: string): Promise<EngineEvent> {
  const filters = encodeURIComponent(JSON.stringify({ container: [containerId], event: [action] }))
  return new Promise((opened, failed) => {
    const req = request({ socketPath: engineSocket(), path: `/events?filters=${filters}` }, (res) => {
      if (res.statusCode !== 200) return failed(new Error(`GET /events answered ${res.statusCode}`))
      const next = new Promise<void>((seen, ended) => {
        res.once('data', () => seen())
        res.once('end', () => ended(new Error(`the event stream of ${containerId} ended`)))
      })
      next.catch(() => {}) // close() ends the stream on purpose
      opened({ next, close: () => req.destroy() })
    })
    req.on('error', failed)
    req.end()
  })
}
