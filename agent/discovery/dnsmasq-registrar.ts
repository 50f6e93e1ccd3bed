/** @module The dnsmasq registrar: this host's registrations as a hosts file in dnsmasq's `--hostsdir`, which it reloads on change. */
import { existsSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'
import type { Log } from '../../client/index.js'
import { readJson, writeJsonAtomic, writeTextAtomic } from '../state-dir.js'
import { hostsFile, srvConf } from './dnsmasq-files.js'
import type { ServiceRegistration } from './registrations.js'
import type { ServiceRegistrar } from './service-registrar.js'

export interface DnsmasqRegistrarOptions {
  /** dnsmasq's `--hostsdir`: it reads every file there (dotfiles aside) and rereads one when it changes. */
  dir: string
  /** This agent's Host name: its file is `helios-<host>`, so agents may share one dir. */
  host: string
  /** The address the A records give: where other hosts reach this one's ports (an IP, else the registrar throws). */
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
  // Every line carries it: checked here once (a newline in it could add records or options).
  if (isIP(o.address) === 0) throw new Error(`dnsmasq registrar: not an IP address: ${JSON.stringify(o.address)}`)
  let byTask: ByTask | undefined
  const current = (): ByTask => {
    byTask ??= readState(statePath, o.log)
    return byTask
  }
  const onRefused = (line: string, reason: string) =>
    o.log?.('warn', 'dnsmasq registrar: line left out', { dir: o.dir, line, reason })
  const write = (next: ByTask) => {
    writeJsonAtomic(statePath, Object.fromEntries(next))
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

/**
 * What the last agent left. A state file that is not ours starts empty (logged): failing instead would fail every
 * register and deregister for ever, and the RUNNING Tasks register again on their next reconcile anyway.
 */
function readState(path: string, log: Log | undefined): ByTask {
  const parsed = readJson(path)
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
    return new Map(Object.entries(parsed as Record<string, ServiceRegistration[]>))
  if (parsed !== undefined || existsSync(path))
    log?.('warn', 'dnsmasq registrar: state file unreadable; starting empty', { path })
  return new Map()
}
