#!/usr/bin/env node
/**
 * @module Measures heliosctl's start-up (after `npm run build`): wall and CPU time (GNU time) of `version` and
 * `get jobs` against an in-memory apiserver in this process holding 20 Jobs, N runs each (default 20) after 2
 * warm-up runs. Several bins (e.g. an older build copied aside) are measured interleaved, so a busy machine
 * weighs on all alike. Usage: node scripts/cli-startup.mjs [runs] [bin.js …] (default: dist/heliosctl/main.js)
 */
import { execFile } from 'node:child_process'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { createApp } = await import(join(root, 'dist/apiserver/app.js'))
const { MemoryStore } = await import(join(root, 'dist/apiserver/storage/memory-store.js'))
const run = promisify(execFile)

const runs = Number(process.argv[2] ?? 20)
const bins = process.argv.length > 3 ? process.argv.slice(3) : [join(root, 'dist/heliosctl/main.js')]

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
for (const args of [['version'], ['get', 'jobs']]) {
  const wall = bins.map(() => [])
  const cpu = bins.map(() => [])
  for (let i = 0; i < runs + 2; i++) {
    for (const [b, bin] of bins.entries()) {
      // GNU time's own line (wall, user, sys seconds) is the last line of stderr.
      const { stderr } = await run('/usr/bin/time', ['-f', '%e %U %S', process.execPath, bin, ...args], { env })
      const [e, u, s] = stderr.trim().split('\n').at(-1).split(' ').map(Number)
      if (i < 2) continue
      wall[b].push(e * 1000)
      cpu[b].push((u + s) * 1000)
    }
  }
  for (const [b, bin] of bins.entries()) {
    const name = relative(root, bin) || bin
    console.log(`heliosctl ${args.join(' ')} [${name}] (${runs} runs): wall ${summary(wall[b])}; CPU ${summary(cpu[b])}`)
  }
}
server.closeAllConnections()
server.close()

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length
  const median = sorted[Math.floor(sorted.length / 2)]
  return `median ${median.toFixed(0)} ms, mean ${mean.toFixed(0)}, min ${sorted[0].toFixed(0)}`
}
