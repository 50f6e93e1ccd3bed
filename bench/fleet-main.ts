#!/usr/bin/env node
/**
 * @module `node dist/bench/fleet-main.js [--agents N] [--tasks M] [--rows one,two,restart] [--quick] [--cpu-prof]
 * [--failover] [--timeout S] [--zk-session-timeout S]`: the fleet benchmark alone, on the ZooKeeper at HELIOS_ZK
 * (default 127.0.0.1:2181, the `npm run solo` one), its own apiservers included; writes fleet-scale.json.
 */
import { parseFleetArgs } from './fleet-args.js'
import { benchFleetScale } from './fleet-scale.js'
import { printFleetReport } from './fleet-table.js'
import { resultsDir, saveResult } from './results.js'

async function main() {
  const options = parseFleetArgs(process.argv.slice(2))
  const zk = process.env.HELIOS_ZK ?? '127.0.0.1:2181'
  const dir = resultsDir()
  const result = await benchFleetScale({ ...options, zk, resultsDir: dir })
  console.log(printFleetReport(result))
  saveResult(dir, 'fleet-scale', options.quick, result)
}

main().catch((err: unknown) => {
  console.error(`fleet-main: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
