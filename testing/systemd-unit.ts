/** @module Test helper: reads deploy/'s systemd units and environment files, and expands a unit's ExecStart= as systemd does. */
import { readFileSync } from 'node:fs'

/** A unit file: each `Key=` of each `[Section]`, in order (a key may repeat, as Environment= does). */
export type UnitFile = Record<string, Record<string, string[]>>

/** Parses a unit file: `#`/`;` comments, `\` at a line's end continues it on the next (systemd.syntax(7)). */
export function parseUnit(text: string): UnitFile {
  const unit: UnitFile = {}
  let section: Record<string, string[]> | undefined
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(trimmed)
    if (header) {
      unit[header[1]!] ??= {}
      section = unit[header[1]!]
      continue
    }
    const eq = trimmed.indexOf('=')
    if (section === undefined || eq < 1) throw new Error(`not a unit file line: ${trimmed}`)
    const key = trimmed.slice(0, eq).trim()
    section[key] = [...(section[key] ?? []), trimmed.slice(eq + 1).trim()]
  }
  return unit
}

export const readUnit = (file: string): UnitFile => parseUnit(readFileSync(file, 'utf8'))

/** The only value of `key` in `[section]`; throws when it is missing or repeated. */
export function unitValue(unit: UnitFile, section: string, key: string): string {
  const values = unit[section]?.[key] ?? []
  if (values.length !== 1) throw new Error(`[${section}] ${key}= appears ${values.length} times, expected once`)
  return values[0]!
}

/** `KEY=value` lines of an EnvironmentFile=; `commented` also takes `#KEY=value`, the templates' examples. */
export function parseEnvFile(text: string, opts: { commented?: boolean } = {}): [string, string][] {
  const pattern = opts.commented ? /^#?\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/ : /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/
  const entries: [string, string][] = []
  for (const line of text.split('\n')) {
    const match = pattern.exec(line.trim())
    if (match) entries.push([match[1]!, unquote(match[2]!.trim())])
  }
  return entries
}

const unquote = (value: string) => (/^(["']).*\1$/.test(value) ? value.slice(1, -1) : value)

/** Environment= assignments (space-separated `KEY=value` words, `%` specifiers expanded). */
export function parseEnvironment(values: string[], specifiers: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const word of values.flatMap((v) => v.split(/\s+/)).filter(Boolean)) {
    const eq = word.indexOf('=')
    env[word.slice(0, eq)] = expandSpecifiers(word.slice(eq + 1), specifiers)
  }
  return env
}

/**
 * ExecStart='s argv as systemd.service(5) builds it: `${VAR}` is exactly one argument (empty when unset), `$VAR` as a
 * word of its own is the value split at whitespace (no argument when empty), `%X` is a specifier (`%%` is `%`).
 */
export function expandExecStart(
  line: string,
  env: Record<string, string>,
  specifiers: Record<string, string>,
): string[] {
  return line
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => {
      const split = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word)
      if (split) return (env[split[1]!] ?? '').split(/\s+/).filter(Boolean)
      return [
        expandSpecifiers(word, specifiers).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name) => env[name] ?? ''),
      ]
    })
}

/** The variables an ExecStart= line refers to, `${VAR}` or `$VAR`. */
export function referencedVariables(line: string): string[] {
  return [...line.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]!)
}

function expandSpecifiers(word: string, specifiers: Record<string, string>): string {
  return word.replace(/%(.)/g, (_, letter: string) => {
    if (letter === '%') return '%'
    const value = specifiers[letter]
    if (value === undefined) throw new Error(`specifier %${letter} is not known to this test helper`)
    return value
  })
}
