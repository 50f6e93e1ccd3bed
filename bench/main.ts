#!/usr/bin/env node
/** @module `npm run bench`: runs every benchmark against the cluster at HELIOS_SERVER and prints ratios to its peers. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { HeliosClient } from '../client/index.js'
import { benchOneContainer } from './one-container.js'
import { printTable } from './stats.js'

const server = process.env.HELIOS_SERVER ?? 'http://127.0.0.1:5801'
const quick = process.argv.includes('--quick')
const cli = [process.execPath, new URL('../heliosctl/main.js', import.meta.url).pathname, '--server', server]

async function main() {
  const client = new HeliosClient(server)
  const hosts = (await client.list('Host')).items.filter((h) => h.status?.state === 'UP')
  const host = hosts[0]?.metadata.name
  if (!host) throw new Error(`no host is UP at ${server}: start a cluster with \`npm run solo\` first`)
  console.log(`benchmarking against ${server}, host ${host}${quick ? ' (quick)' : ''}`)
  const rows = await benchOneContainer({ client, host, cli, runs: quick ? 2 : 10 })
  console.log(printTable(rows))
  const dir = new URL('../../bench/results/', import.meta.url).pathname
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    `${dir}one-container.json`,
    `${JSON.stringify({ date: new Date().toISOString(), quick, rows }, null, 2)}\n`,
  )
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
