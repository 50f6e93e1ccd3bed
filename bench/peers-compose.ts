/** @module docker-compose as a peer: `docker-compose up -d` of N replicas of the test image, timed, then `down`. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IMAGE } from './manifest.js'
import { waitNoContainers } from './peers-swarm.js'
import { elapsedMs, mustRun, run } from './run.js'

/** Undefined when `docker-compose` runs here, else why it cannot. */
export async function composeMissing(): Promise<string | undefined> {
  const v = await run('docker-compose', ['version', '--short']).catch((err: Error) => ({
    code: 1,
    stderr: err.message,
  }))
  return v.code === 0 ? undefined : `docker-compose does not run (${v.stderr.trim() || 'not installed'})`
}

/** One service with Helios' container settings: docker-init as PID 1, port 80 on a dynamic host port, 1 s to stop. */
const composeFile = `version: "2.4"
services:
  web:
    image: ${IMAGE}
    init: true
    ports: ["80"]
    stop_grace_period: 1s
`

/**
 * Times `docker-compose up -d --scale web=N` (it returns once every container has started), then runs
 * `down` and waits until the project's containers are gone. The project's network is created inside the
 * timed `up`, as it is on every first `up`.
 */
export async function timeComposeUp(project: string, replicas: number): Promise<number> {
  const file = join(mkdtempSync(join(tmpdir(), 'helios-bench-compose-')), 'docker-compose.yml')
  writeFileSync(file, composeFile)
  const compose = (...args: string[]) => mustRun('docker-compose', ['-p', project, '-f', file, ...args])
  try {
    const start = process.hrtime.bigint()
    await compose('up', '-d', '--scale', `web=${replicas}`)
    return elapsedMs(start)
  } finally {
    await run('docker-compose', ['-p', project, '-f', file, 'down', '-t', '1'])
    await waitNoContainers(`com.docker.compose.project=${project}`)
  }
}
