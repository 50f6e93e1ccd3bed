/** @module Where the config file lives, and reading it (one-line errors) and writing it (atomic, mode 0600). */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseDocument, stringify } from 'yaml'
import { fromZodError } from '../../apis/index.js'
import { emptyConfig, HeliosctlConfig } from './config-schema.js'

/** A config file that cannot be read or is malformed: one line naming the file (and the field). Exit 1. */
export class ConfigError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts)
    this.name = 'ConfigError'
  }
}

/** `--config` > HELIOS_CONFIG > $XDG_CONFIG_HOME/heliosctl/config.yaml > ~/.config/heliosctl/config.yaml. */
export function configPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag) return flag
  if (env.HELIOS_CONFIG) return env.HELIOS_CONFIG
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config')
  return join(base, 'heliosctl', 'config.yaml')
}

/** Reads and validates the file; a missing file is an empty configuration. */
export function readConfig(file: string): HeliosctlConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig()
    throw new ConfigError(`cannot read config ${file}: ${(err as Error).message}`, { cause: err })
  }
  return parseConfig(text, file)
}

/** Parses config text; errors name `file`, the line (YAML) or the field (schema). */
export function parseConfig(text: string, file: string): HeliosctlConfig {
  const doc = parseDocument(text)
  const yamlError = doc.errors[0]
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line
    const where = line === undefined ? '' : `line ${line}: `
    // The first line of yaml's message, without its "at line L, column C:" and the source excerpt below it.
    const what = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
    throw new ConfigError(`config ${file}: ${where}${what}`)
  }
  const parsed = HeliosctlConfig.safeParse(doc.toJS() ?? {})
  if (parsed.success) return parsed.data
  const invalid = fromZodError(parsed.error, 'config')
  const first = invalid.causes[0]
  const more = invalid.causes.length > 1 ? ` (and ${invalid.causes.length - 1} more)` : ''
  throw new ConfigError(`config ${file}: ${first?.field}: ${first?.message}${more}`, { cause: parsed.error })
}

/** Writes through a temp file and a rename, so a reader never sees half a file; tokens inside: mode 0600. */
export function writeConfig(file: string, config: HeliosctlConfig): void {
  const target = resolvedPath(file)
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
  const temp = join(dirname(target), `.config.yaml.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    writeFileSync(temp, toYamlText(config), { mode: 0o600, flag: 'wx' })
    chmodSync(temp, 0o600) // the umask may have narrowed it further; never wider
    renameSync(temp, target)
  } catch (err) {
    rmSync(temp, { force: true })
    throw new ConfigError(`cannot write config ${file}: ${(err as Error).message}`, { cause: err })
  }
}

/** The file as written: apiVersion first, then the current cluster, then the clusters. */
export function toYamlText(config: HeliosctlConfig): string {
  const { apiVersion, currentCluster, clusters } = config
  return stringify(currentCluster ? { apiVersion, currentCluster, clusters } : { apiVersion, clusters })
}

// A symlinked config (dotfiles repos) is written where the link points, keeping the link.
function resolvedPath(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    return file
  }
}
