// Copies a scenario's input/ folder to a temp dir, replacing ${NAME} placeholders (hosts and ports differ per run).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function renderInput(dir: string, vars: Record<string, string | number>): string {
  const out = mkdtempSync(join(tmpdir(), 'helios-e2e-input-'))
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8').replace(/\$\{(\w+)\}/g, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    )
    writeFileSync(join(out, file), text)
  }
  return out
}

export const inputDir = (metaUrl: string): string => new URL('input/', metaUrl).pathname
