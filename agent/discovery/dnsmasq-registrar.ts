/** @module The dnsmasq registrar: this host's registrations as a hosts file in dnsmasq's `--hostsdir`, which it reloads on change. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Log } from '../../client/index.js'
import { writeTextAtomic } from '../state-dir.js'
import { hostsFile, srvConf } from './dnsmasq-files.js'
import type { ServiceRegistration } from './registrations.js'
import type { ServiceRegistrar } from './service-registrar.js'

export interface DnsmasqRegistrarOptions {
  /** dnsmasq's `--hostsdir`: it reads every file there (dotfiles aside) and rereads one when it changes. */
  dir: string
  /** This agent's Host name: its file is `helios-<host>`, so agents may share one dir. */
  host: string
  /** The address the A records give: where other hosts reach this one's ports. */
  address: string
  /** Where `srv-host=` lines go, for dnsmasq's `--conf-file`: it reads them only when it starts. */
  srvFile?: string
  /** Told of each line left out because it could not be written safely. */
  log?: Log
}

type ByTask = Map<string, readonly ServiceRegistration[]>

/**
 * Keeps every Task's registrations in a dotfile beside the hosts file (dnsmasq skips dotfiles), so a restarted agent
 * knows what it left and withdraws what no Task wants any more. Each change rewrites the files whole, by rename:
 * dnsmasq (2.87 and later) drops the names a rewritten file no longer has.
 */
export function createDnsmasqRegistrar(o: DnsmasqRegistrarOptions): ServiceRegistrar {
  const hostsPath = join(o.dir, `helios-${o.host}`)
  const statePath = join(o.dir, `.helios-${o.host}.json`)
  let byTask: ByTask | undefined
  const current = (): ByTask => {
    byTask ??= readState(statePath)
    return byTask
  }
  const onRefused = (line: string, reason: string) =>
    o.log?.('warn', 'dnsmasq registrar: line left out', { dir: o.dir, line, reason })
  const write = (next: ByTask) => {
    writeTextAtomic(statePath, `${JSON.stringify(Object.fromEntries(next))}\n`)
    writeTextAtomic(hostsPath, hostsFile(o.address, next, o.host, onRefused))
    if (o.srvFile) writeTextAtomic(o.srvFile, srvConf(next, o.host, onRefused))
    byTask = next
  }
  return {
    name: `dnsmasq:${o.dir}`,
    async register(task, registrations) {
      write(new Map(current()).set(task, [...registrations]))
    },
    async deregister(task) {
      if (!current().has(task)) return
      const next = new Map(current())
      next.delete(task)
      write(next)
    },
    async registered() {
      // Written again at once: the files may have been edited or removed while no agent ran.
      write(current())
      return new Map(current())
    },
  }
}

function readState(path: string): ByTask {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return new Map()
  }
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${path}: expected an object of Task name → registrations`)
  return new Map(Object.entries(parsed as Record<string, ServiceRegistration[]>))
}
