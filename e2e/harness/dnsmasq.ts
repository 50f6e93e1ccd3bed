// A real dnsmasq (Debian's dnsmasq-base) on a loopback port, answering from a --hostsdir.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { dig } from './dig.js'
import { callerScenario } from './names.js'
import { freePort } from './net.js'
import { childEnv, NodeProcess } from './node-process.js'
import { scenarioLogDir } from './paths.js'
import { waitFor } from './wait.js'

const DNSMASQ = '/usr/sbin/dnsmasq'

export interface DnsmasqHandle {
  port: number
  logFile: string
  /** Stops and starts it again: the way it rereads its --conf-file (SIGHUP does not). */
  restart(): Promise<void>
  stop(): Promise<void>
}

/** dnsmasq in the foreground on 127.0.0.1:<free port>: names from `hostsDir` (reread on change) and `confFile`. */
export async function startDnsmasq(opts: {
  scenario?: string
  hostsDir: string
  confFile: string
}): Promise<DnsmasqHandle> {
  if (!existsSync(DNSMASQ)) throw new Error(`${DNSMASQ} is missing: run scripts/ensure-deps.sh (dnsmasq-base)`)
  const port = await freePort()
  const logFile = join(scenarioLogDir(opts.scenario ?? callerScenario()), 'dnsmasq.log')
  const args = [
    '--no-daemon',
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    `--hostsdir=${opts.hostsDir}`,
    `--conf-file=${opts.confFile}`,
    '--no-resolv',
    '--no-hosts',
    '--log-queries',
  ]
  const proc = new NodeProcess('dnsmasq', args, logFile, childEnv(), [], { command: DNSMASQ })
  const start = async () => {
    proc.start()
    await waitFor(() => dig('127.0.0.1', port, 'ready.invalid', 'A'), {
      timeoutMs: 10_000,
      what: `dnsmasq answers on 127.0.0.1:${port} (log ${logFile})`,
    })
  }
  await start()
  return {
    port,
    logFile,
    async restart() {
      await proc.stop()
      await start()
    },
    stop: () => proc.stop(),
  }
}
