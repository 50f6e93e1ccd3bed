// A private standalone ZooKeeper per test (scripts/zk-up.sh / zk-down.sh) and its ruok probe.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanupRegistry, killPidFile } from './cleanup.js'
import { freePort } from './net.js'
import { REPO_ROOT } from './paths.js'
import { run } from './process.js'
import { waitFor } from './wait.js'

// Same classpath as scripts/lib.sh (ZK_JARS) plus the JVM.
const ZK_REQUIREMENTS = [
  '/usr/share/java/zookeeper.jar',
  '/usr/share/java/slf4j-log4j12.jar',
  '/usr/share/java/log4j-1.2.jar',
]

export interface ZooKeeperHandle {
  port: number
  /** host:port for --zk */
  connect: string
  dir: string
  /** Stops it and deletes its data. */
  stop(): Promise<void>
  /** SIGKILL, keeping the data dir (use restart() to bring it back with the same data). */
  kill9(): Promise<void>
  restart(): Promise<void>
}

/** Starts a private standalone ZooKeeper on a free port (scripts/zk-up.sh). Throws if it is not installed. */
export async function startZooKeeper(): Promise<ZooKeeperHandle> {
  const missing = ZK_REQUIREMENTS.filter((f) => !existsSync(f))
  if (missing.length > 0) {
    throw new Error(
      `ZooKeeper is not installed (missing ${missing.join(', ')}): run \`bash scripts/ensure-deps.sh\` as root ` +
        'or `apt-get install -y --no-install-recommends zookeeper`',
    )
  }
  const java = await run('java', ['-version'])
  if (java.code !== 0) throw new Error(`java does not run (needed by ZooKeeper): ${java.stderr.trim()}`)

  let lastError = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), `helios-e2e-zk-${port}-`))
    const pidFile = join(dir, 'zk.pid')
    const up = () => run('bash', [join(REPO_ROOT, 'scripts/zk-up.sh'), String(port), dir], { timeoutMs: 90_000 })
    const res = await up()
    if (res.code !== 0) {
      // Most likely the free port was taken meanwhile: try another.
      lastError = `${res.stdout}${res.stderr}`
      if (existsSync(pidFile)) await run('bash', [join(REPO_ROOT, 'scripts/zk-down.sh'), String(port), dir])
      rmSync(dir, { recursive: true, force: true })
      continue
    }
    const killOnExit = () => killPidFile(pidFile)
    cleanupRegistry().add(killOnExit)
    return {
      port,
      connect: `127.0.0.1:${port}`,
      dir,
      async stop() {
        await run('bash', [join(REPO_ROOT, 'scripts/zk-down.sh'), String(port), dir])
        cleanupRegistry().delete(killOnExit)
        rmSync(dir, { recursive: true, force: true })
      },
      async kill9() {
        if (!existsSync(pidFile)) return
        killPidFile(pidFile)
        await waitFor(async () => (await zkRuok(port)) === false, {
          timeoutMs: 10_000,
          what: `ZooKeeper on port ${port} to die`,
        })
      },
      async restart() {
        const again = await up()
        if (again.code !== 0) throw new Error(`zk-up.sh ${port} failed:\n${again.stdout}${again.stderr}`)
      },
    }
  }
  throw new Error(`could not start ZooKeeper (3 attempts); last output:\n${lastError}`)
}

/** true when ZooKeeper on 127.0.0.1:port answers ruok with imok. */
export async function zkRuok(port: number): Promise<boolean> {
  const res = await run('bash', ['-c', 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf ruok >&3 && cat <&3', String(port)], {
    timeoutMs: 2000,
  })
  return res.stdout === 'imok'
}
