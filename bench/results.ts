/** @module Where benchmark results go: `<dir>/<name>.json`, stamped with the date and whether the run was quick. */
import { mkdirSync, writeFileSync } from 'node:fs'

/** HELIOS_BENCH_RESULTS, else bench/results/ of this checkout (no trailing slash). */
export const resultsDir = (): string =>
  (process.env.HELIOS_BENCH_RESULTS ?? new URL('../../bench/results', import.meta.url).pathname).replace(/\/+$/, '')

export function saveResult(dir: string, name: string, quick: boolean, result: object): void {
  mkdirSync(dir, { recursive: true })
  const body = { date: new Date().toISOString(), quick, ...result }
  writeFileSync(`${dir}/${name}.json`, `${JSON.stringify(body, null, 2)}\n`)
}
