// Where the e2e harness finds the repository and the test image, and where scenarios write their logs.
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { slug } from './text.js'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const TEST_IMAGE = 'helios-test/busybox:latest'
export const E2E_LOG_ROOT = join(REPO_ROOT, '.e2e')

export function scenarioLogDir(scenario: string): string {
  const dir = join(E2E_LOG_ROOT, slug(scenario))
  mkdirSync(dir, { recursive: true })
  return dir
}

export function tailFile(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return `(no log at ${file})`
  }
}
