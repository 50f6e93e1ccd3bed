/** @module Docker Swarm as a peer: a swarm on the local engine for the run, and services timed until their containers start. */
import { request } from 'node:http'
import { IMAGE } from './manifest.js'
import { elapsedMs, mustRun, run } from './run.js'

/** A swarm this run may create services in; `leave()` undoes `docker swarm init` only if the run did it. */
export interface Swarm {
  leave(): Promise<void>
}

/** Makes the local engine a swarm manager (`docker swarm init`) unless it is one; a string says why it cannot. */
export async function openSwarm(): Promise<Swarm | string> {
  const info = await run('docker', ['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'])
  if (info.code !== 0) return `docker info failed: ${info.stderr.trim()}`
  const [state, manager] = info.stdout.trim().split(' ')
  if (state === 'active') {
    if (manager !== 'true') return 'this engine is a swarm worker, not a manager'
    return { leave: async () => {} }
  }
  if (state !== 'inactive') return `the engine's swarm state is ${state}`
  const init = await run('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1'])
  if (init.code !== 0) return `docker swarm init failed: ${init.stderr.trim()}`
  return {
    leave: async () => {
      await run('docker', ['swarm', 'leave', '--force'])
    },
  }
}

const serviceLabel = (name: string) => `com.docker.swarm.service.name=${name}`

/**
 * From `docker service create --detach` until the engine has started `replicas` of its containers (engine
 * `start` events, no polling), then removes the service and waits until its containers are gone. The image is
 * local: `--no-resolve-image` spares a registry lookup that cannot succeed here; ports are dynamic host ports
 * because the routing mesh does not answer on this machine.
 */
export async function timeSwarmService(name: string, replicas: number, timeoutMs = 180_000): Promise<number> {
  const starts = await countStarts(serviceLabel(name), replicas)
  try {
    const start = process.hrtime.bigint()
    await mustRun('docker', [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--init',
      '--stop-grace-period',
      '1s',
      '--replicas',
      String(replicas),
      '--publish',
      'mode=host,target=80',
      '--name',
      name,
      IMAGE,
    ])
    await Promise.race([starts.done, timeout(timeoutMs, `${replicas} containers of swarm service ${name}`)])
    return elapsedMs(start)
  } finally {
    starts.close()
    await run('docker', ['service', 'rm', name])
    await waitNoContainers(serviceLabel(name))
  }
}

/** Resolves once the engine has reported `start` for `count` distinct containers labelled `label`. */
function countStarts(label: string, count: number): Promise<{ done: Promise<void>; close(): void }> {
  const filters = encodeURIComponent(JSON.stringify({ type: ['container'], event: ['start'], label: [label] }))
  const socketPath = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '')
  return new Promise((opened, failed) => {
    const req = request({ socketPath, path: `/events?filters=${filters}` }, (res) => {
      if (res.statusCode !== 200) return failed(new Error(`GET /events answered ${res.statusCode}`))
      const started = new Set<string>()
      let buffered = ''
      const done = new Promise<void>((seen, ended) => {
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          buffered += chunk
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
            const event = JSON.parse(buffered.slice(0, nl)) as { id?: string }
            buffered = buffered.slice(nl + 1)
            if (event.id) started.add(event.id)
          }
          if (started.size >= count) seen()
        })
        res.once('end', () => ended(new Error(`the event stream for ${label} ended`)))
      })
      done.catch(() => {}) // close() ends the stream on purpose
      opened({ done, close: () => req.destroy() })
    })
    req.on('error', failed)
    req.end()
  })
}

/** Waits until no container (running or not) carries `label`. */
export async function waitNoContainers(label: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await mustRun('docker', ['ps', '-aq', '--filter', `label=${label}`])).trim() !== '') {
    if (Date.now() > deadline) throw new Error(`containers labelled ${label} are still there after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const timeout = (ms: number, what: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())
