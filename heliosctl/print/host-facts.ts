/** @module Host facts as both `hosts` and `get hosts -o wide` print them (Helios' formats). */
import type { Host } from '../../apis/index.js'

const GB = 1024 ** 3

/** `key=value, key2=value2` (Helios), sorted by key. */
export const labelList = (labels: Record<string, string>, separator = ', '): string =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(separator)

/** Total memory as Helios prints it: `15.52 gb`. */
export const memGb = (host: Host): string => {
  const info = host.status?.hostInfo
  return info ? `${(info.memoryTotalBytes / GB).toFixed(2)} gb` : ''
}

/** Fraction of memory in use, `0.42`. */
export const memUsage = (host: Host): string => {
  const info = host.status?.hostInfo
  if (!info || info.memoryTotalBytes <= 0) return ''
  return ((info.memoryTotalBytes - info.memoryFreeBytes) / info.memoryTotalBytes).toFixed(2)
}

/** Docker engine `20.10.24 (1.41)`. */
export const dockerVersion = (host: Host): string => {
  const info = host.status?.hostInfo
  if (!info?.dockerVersion) return ''
  return info.dockerApiVersion ? `${info.dockerVersion} (${info.dockerApiVersion})` : info.dockerVersion
}
