/** @module `--dry-run[=client|server|none]`: kubectl's strategies; a bare `--dry-run` keeps meaning server. */
import { InvalidArgumentError } from 'commander'

export type DryRun = 'none' | 'client' | 'server'

/** commander's parser for the flag's value (not called for a bare `--dry-run`). */
export function parseDryRunFlag(text: string): DryRun {
  if (text === 'client' || text === 'server' || text === 'none') return text
  throw new InvalidArgumentError('expected client, server or none')
}

/** The strategy from the option's value: absent is none, bare (`true`) is server. */
export const dryRunMode = (value: DryRun | boolean | undefined): DryRun =>
  value === true ? 'server' : value === false || value === undefined ? 'none' : value
