// A unix-socket proxy in front of the Docker engine: an agent given DOCKER_HOST=proxy.dockerHost loses its
// engine on cut() as when dockerd stops (every open connection, event streams included, reset; every new one
// refused) and finds it again on restore(), while other users of the engine are not disturbed.
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface EngineProxy {
  /** `unix:///…/docker.sock`, for the agent's DOCKER_HOST. */
  dockerHost: string
  /** Resets every open connection (watch streams included) and refuses new ones until restore(). */
  cut(): void
  restore(): void
  /** Connections refused since the last cut(): the agent's attempts to reach its engine meanwhile. */
  readonly refused: number
  close(): Promise<void>
}

export async function startEngineProxy(engineSocket = '/var/run/docker.sock'): Promise<EngineProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'helios-e2e-engine-'))
  const path = join(dir, 'docker.sock')
  const open = new Set<Socket>()
  let cut = false
  let refused = 0
  const track = (s: Socket) => {
    open.add(s)
    s.on('close', () => open.delete(s))
    s.on('error', () => {}) // resets are what cut() is for
  }
  const server = createServer((client) => {
    track(client)
    if (cut) {
      refused++
      client.destroy()
      return
    }
    const engine = connect(engineSocket)
    track(engine)
    client.pipe(engine).pipe(client)
    client.on('close', () => engine.destroy())
    engine.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => resolve())
  })
  return {
    dockerHost: `unix://${path}`,
    cut() {
      cut = true
      refused = 0
      for (const s of open) s.destroy()
    },
    restore() {
      cut = false
    },
    get refused() {
      return refused
    },
    async close() {
      for (const s of open) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
