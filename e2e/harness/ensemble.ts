// A private three-node ZooKeeper ensemble on loopback: one config, data dir and myid per member, each killable.
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanupRegistry } from './cleanup.js'
import { freePort } from './net.js'
import { run } from './process.js'
import { waitFor } from './wait.js'

const ZK_JARS = '/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar'
const LOG4J = `log4j.rootLogger=WARN, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n
`

export interface EnsembleMember {
  /** myid, 1..3 */
  id: number
  /** Client port on 127.0.0.1. */
  port: number
  /** SIGKILL, keeping its data. */
  kill9(): Promise<void>
  /** Starts it again with the same config and data. */
  restart(): Promise<void>
}

export interface EnsembleHandle {
  /** "127.0.0.1:a,127.0.0.1:b,127.0.0.1:c" for --zk */
  connect: string
  members: EnsembleMember[]
  dir: string
  /** Kills every member and deletes the data. */
  stop(): Promise<void>
}

/** `srvr`'s Mode line ("leader", "follower", "standalone"), or undefined when the member does not serve. */
export async function zkMode(port: number): Promise<string | undefined> {
  const res = await run('bash', ['-c', 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf srvr >&3 && cat <&3', String(port)], {
    timeoutMs: 2000,
  })
  return /^Mode: (\w+)/m.exec(res.stdout)?.[1]
}

/** Three ZooKeeper members on free loopback ports; resolves once one leads and two follow. */
export async function startEnsemble(): Promise<EnsembleHandle> {
  const missing = ZK_JARS.split(':').filter((jar) => !existsSync(jar))
  if (missing.length > 0) {
    throw new Error(
      `ZooKeeper is not installed (missing ${missing.join(', ')}): run \`bash scripts/ensure-deps.sh\` as root`,
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'helios-e2e-ensemble-'))
  const taken = new Set<number>()
  while (taken.size < 9) taken.add(await freePort())
  const ports = [...taken]
  const ids = [1, 2, 3]
  const servers = ids.map((id, i) => `server.${id}=127.0.0.1:${ports[3 + i]}:${ports[6 + i]}`)
  const members = ids.map((id, i) => {
    const port = ports[i] as number
    const memberDir = join(dir, `zk${id}`)
    mkdirSync(join(memberDir, 'data'), { recursive: true })
    writeFileSync(join(memberDir, 'data', 'myid'), `${id}\n`)
    writeFileSync(join(memberDir, 'log4j.properties'), LOG4J)
    const config = [
      'tickTime=2000',
      'initLimit=10',
      'syncLimit=5',
      `clientPort=${port}`,
      'clientPortAddress=127.0.0.1',
      `dataDir=${join(memberDir, 'data')}`,
      'admin.enableServer=false',
      '4lw.commands.whitelist=ruok,srvr,stat',
      'maxClientCnxns=0',
      ...servers,
    ]
    writeFileSync(join(memberDir, 'zoo.cfg'), `${config.join('\n')}\n`)
    let child: ChildProcess | undefined
    let exited: Promise<void> = Promise.resolve()
    const kill = () => child?.kill('SIGKILL')
    const start = () => {
      const log = openSync(join(memberDir, 'zk.log'), 'a')
      const cp = [memberDir, ZK_JARS].join(':')
      const main = 'org.apache.zookeeper.server.quorum.QuorumPeerMain'
      child = spawn('java', ['-Xmx256m', '-cp', cp, main, join(memberDir, 'zoo.cfg')], { stdio: ['ignore', log, log] })
      closeSync(log)
      const proc = child
      exited = new Promise((resolve) => proc.once('exit', () => resolve()))
      cleanupRegistry().add(kill)
    }
    start()
    const member: EnsembleMember = {
      id,
      port,
      async kill9() {
        if (!child || child.exitCode !== null || child.signalCode !== null) return
        child.kill('SIGKILL')
        await exited
        cleanupRegistry().delete(kill)
      },
      async restart() {
        await member.kill9()
        start()
        await waitFor(() => zkMode(port), { timeoutMs: 60_000, what: `ZooKeeper member ${id} to rejoin` })
      },
    }
    return member
  })
  const handle: EnsembleHandle = {
    connect: members.map((m) => `127.0.0.1:${m.port}`).join(','),
    members,
    dir,
    async stop() {
      for (const m of members) await m.kill9()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  try {
    await waitFor(
      async () => {
        const modes = await Promise.all(members.map((m) => zkMode(m.port)))
        return modes.filter((m) => m === 'leader').length === 1 && modes.filter((m) => m === 'follower').length === 2
      },
      { timeoutMs: 60_000, what: `a three-node ZooKeeper ensemble with a leader (logs in ${dir}/zk*/zk.log)` },
    )
  } catch (err) {
    await handle.stop()
    throw err
  }
  return handle
}
