/** @module A ramdisk's tmpfs mount options judged as the engine and the kernel read them: flags, and the size it may fill. */

/** Flags that loosen Docker's tmpfs defaults (noexec, nosuid, nodev); each needs `--allow-ramdisk-option`. */
export const LOOSENING_RAMDISK_FLAGS = ['exec', 'suid', 'dev'] as const
export type LooseningRamdiskFlag = (typeof LOOSENING_RAMDISK_FLAGS)[number]

/** Default cap on the total size of a Job's ramdisks: Docker's documented tmpfs example, `size=65536k`. */
export const DEFAULT_MAX_RAMDISK_BYTES = 64 * 1024 * 1024

const HARMLESS_FLAGS = new Set([
  ...['rw', 'ro', 'noexec', 'nosuid', 'nodev', 'sync', 'async', 'dirsync'],
  ...['atime', 'noatime', 'diratime', 'nodiratime', 'relatime', 'norelatime', 'strictatime', 'nostrictatime'],
])
const HARMLESS_DATA = new Set(['mode', 'uid', 'gid', 'nr_inodes'])
const UNITS = 'kmgtpe'

/**
 * Bytes in a size as tmpfs reads a plain decimal one (`65536k`, `16m`, `1G`; binary multiples), or undefined.
 * `0` (unlimited to the kernel), `50%` (of the host's RAM) and the kernel's hex and octal forms are not sizes
 * here: a cap cannot be checked against them, so they are refused rather than guessed at.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^([1-9][0-9]*)([kmgtpe]?)$/i.exec(text)
  if (!match) return undefined
  const unit = (match[2] ?? '').toLowerCase()
  return Number(match[1]) * 1024 ** (unit === '' ? 0 : UNITS.indexOf(unit) + 1)
}

export interface RamdiskJudgement {
  /** What is wrong, each naming what would allow it. */
  problems: string[]
  /** The size the mount gets (the last `size=` wins, as in the engine's merge), when that one is valid. */
  bytes?: number
}

/**
 * Judges one ramdisk's `options` (comma-separated, as Docker's HostConfig.Tmpfs takes them). Options are
 * compared trimmed and in lower case, so a spelling the engine would refuse anyway is refused here too.
 * Without `size=` the kernel gives a tmpfs half of the host's RAM, so a size is required.
 */
export function judgeRamdisk(options: string, allowed: ReadonlySet<string>): RamdiskJudgement {
  const problems: string[] = []
  let bytes: number | undefined
  let sized = false
  for (const option of options.split(',').map((o) => o.trim().toLowerCase())) {
    if (option === '') continue
    const [key = '', value] = option.includes('=')
      ? [option.slice(0, option.indexOf('=')), option.slice(option.indexOf('=') + 1)]
      : [option]
    if (value === undefined && (LOOSENING_RAMDISK_FLAGS as readonly string[]).includes(key)) {
      if (!allowed.has(key)) problems.push(`option "${key}" needs --allow-ramdisk-option ${key}`)
    } else if (key === 'size' && value !== undefined) {
      sized = true
      bytes = parseByteSize(value)
      if (bytes === undefined)
        problems.push(`size "${value}" is not a size in bytes with an optional k, m or g (0 and % are unbounded)`)
    } else if (!(value === undefined ? HARMLESS_FLAGS.has(key) : HARMLESS_DATA.has(key))) {
      problems.push(
        `option "${option}" is not allowed (known: size, mode, uid, gid, nr_inodes, ro, rw, noexec, nosuid, nodev, atime flags)`,
      )
    }
  }
  if (!sized) problems.push("size= is required (without it the kernel allows half of the host's RAM)")
  return { problems, ...(bytes !== undefined ? { bytes } : {}) }
}
