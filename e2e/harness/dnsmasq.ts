// A real dnsmasq (Debian's dnsmasq-base) on a loopback port, answering from a --hostsdir, and dig to ask it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { callerScenario } from './names.js'
import { freePort } from './net.js'
import { childEnv, NodeProcess } from './node-process.js'
import { scenarioLogDir } from './paths.js'
import { run } from './process.js'
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
    await waitFor(async () => (await dig(port, 'ready.invalid', 'A')).code === 0, {
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

/** `dig +short` of one name and type at 127.0.0.1:`port`; code 0 with empty lines when the name is unknown. */
export async function dig(port: number, name: string, type: 'A' | 'SRV') {
  const out = await run('dig', ['+short', '+tries=1', '+time=1', '-p', String(port), '@127.0.0.1', name, type], {
    timeoutMs: 5_000,
  })
  return { code: out.code, lines: out.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';')) }
}
