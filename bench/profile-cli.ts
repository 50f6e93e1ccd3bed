#!/usr/bin/env node
/** @module `node dist/bench/profile-cli.js FILE.cpuprofile... [--top N]`: prints each profile's top self-time functions, files and areas. */
import { parseArgs } from 'node:util'
import { printProfileSummary } from './profile-print.js'
import { readProfileSummary } from './profile-summary.js'

try {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '15' } },
    allowPositionals: true,
  })
  const top = Number(values.top)
  if (!Number.isInteger(top) || top < 1) throw new Error(`--top ${values.top}: a whole number, at least 1`)
  if (positionals.length === 0) throw new Error('usage: profile-cli FILE.cpuprofile... [--top N]')
  for (const file of positionals)
    console.log(`${printProfileSummary(file, readProfileSummary(file, undefined, top), top)}\n`)
} catch (err) {
  console.error(`profile-cli: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
