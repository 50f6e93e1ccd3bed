#!/usr/bin/env node
/**
 * @module Measures heliosctl's wall and CPU time per run (GNU time) (after `npm run build`): `version` and `get jobs` against an
 * in-memory apiserver in this process holding 20 Jobs, each run N times (default 20) after 2 warm-up runs.
 * Usage: node scripts/cli-startup.mjs [runs] [-- extra node options, e.g. --snapshot-blob x]
 */
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { createApp } = await import(join(root, 'dist/apiserver/app.js'))
const { MemoryStore } = await import(join(root, 'dist/apiserver/storage/memory-store.js'))
const run = promisify(execFile)

const dash = process.argv.indexOf('--')
const runs = Number(process.argv[2] && process.argv[2] !== '--' ? process.argv[2] : 20)
const nodeOptions = dash === -1 ? [] : process.argv.slice(dash + 1)

const server = createApp({ store: new MemoryStore(), log: () => {} }).listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const url = `http://127.0.0.1:${server.address().port}`
for (let i = 0; i < 20; i++) {
  const job = { apiVersion: 'helios/v1', kind: 'Job', metadata: { name: `job${i}:v1` }, spec: { image: 'nginx:1' } }
  const res = await fetch(`${url}/apis/helios/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(job),
  })
  if (!res.ok) throw new Error(`seeding job${i}: HTTP ${res.status} ${await res.text()}`)
}

const env = { ...process.env, HELIOS_SERVER: url, HELIOS_CONFIG: '/nonexistent/heliosctl.yaml', NO_COLOR: '1' }
const bin = join(root, 'dist/heliosctl/main.js')
for (const args of [['version'], ['get', 'jobs']]) {
  const wall = []
  const cpu = []
  for (let i = 0; i < runs + 2; i++) {
    // GNU time's own line (wall, user, sys seconds) is the last line of stderr.
    const { stderr } = await run('/usr/bin/time', ['-f', '%e %U %S', process.execPath, ...nodeOptions, bin, ...args], {
      env,
    })
    const [e, u, s] = stderr.trim().split('\n').at(-1).split(' ').map(Number)
    if (i < 2) continue
    wall.push(e * 1000)
    cpu.push((u + s) * 1000)
  }
  console.log(`heliosctl ${args.join(' ')} (${runs} runs): wall ${summary(wall)}; CPU (user+sys) ${summary(cpu)}`)
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length
  const median = sorted[Math.floor(sorted.length / 2)]
  return `median ${median.toFixed(0)} ms, mean ${mean.toFixed(0)}, min ${sorted[0].toFixed(0)}`
}
server.closeAllConnections()
server.close()
