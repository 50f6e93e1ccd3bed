// The apiserver as a child process (dist/apiserver/main.js) that is ready once /readyz answers 200.
import { join } from 'node:path'
import { callerScenario, randomId } from './names.js'
import { curl, freePort } from './net.js'
import { childEnv, NodeProcess } from './node-process.js'
import { REPO_ROOT, scenarioLogDir } from './paths.js'
import { sleep } from './wait.js'

export interface ApiserverHandle {
  url: string
  port: number
  zkRoot: string
  logFile: string
  readonly pid: number | undefined
  /** Whether the process is still running (false once it exited, for any reason). */
  readonly running: boolean
  /** `running`, `exit code N` or `signal SIG…`: how it ended, for failure messages. */
  readonly exitStatus: string
  stop(): Promise<void>
  kill9(): Promise<void>
  /** Starts a fresh process with the same flags (stopping the old one if needed) and waits for /readyz. */
  restart(): Promise<void>
  tail(lines?: number): string
}

export async function startApiserver(opts: {
  zk: string
  zkRoot?: string
  scenario?: string
  port?: number
  env?: NodeJS.ProcessEnv
  extraArgs?: string[]
  /** The address to listen on (--host); 127.0.0.1 by default. */
  host?: string
  /** Serve HTTPS with this certificate (its SAN must name `host`); its controllers trust it (NODE_EXTRA_CA_CERTS). */
  tls?: { certFile: string; keyFile: string; cert: string }
}): Promise<ApiserverHandle> {
  const port = opts.port ?? (await freePort())
  const zkRoot = opts.zkRoot ?? `/helios-e2e-${randomId()}`
  const host = opts.host ?? '127.0.0.1'
  const url = `${opts.tls ? 'https' : 'http'}://${host}:${port}`
  const tlsArgs = opts.tls ? ['--tls-cert', opts.tls.certFile, '--tls-key', opts.tls.keyFile] : []
  const tlsEnv = opts.tls ? { NODE_EXTRA_CA_CERTS: opts.tls.certFile } : {}
  const logFile = join(scenarioLogDir(opts.scenario ?? callerScenario()), `apiserver-${port}.log`)
  const proc = new NodeProcess(
    `apiserver ${url}`,
    [
      join(REPO_ROOT, 'dist/apiserver/main.js'),
      '--port',
      String(port),
      '--zk',
      opts.zk,
      '--zk-root',
      zkRoot,
      ...(opts.host ? ['--host', opts.host] : []),
      ...tlsArgs,
      ...(opts.extraArgs ?? []),
    ],
    logFile,
    childEnv({ ...tlsEnv, ...opts.env }),
  )

  const startAndWait = async () => {
    proc.start()
    const deadline = Date.now() + 30_000
    let problem: string | undefined
    for (;;) {
      if ((await curl(`${url}/readyz`, { ca: opts.tls?.cert }))?.status === 200) return
      if (!proc.running) problem = `the apiserver exited (${proc.exitStatus}) before ${url}/readyz answered 200`
      else if (Date.now() >= deadline) problem = `timed out after 30000ms waiting for ${url}/readyz to answer 200`
      if (problem) break
      await sleep(200)
    }
    await proc.kill9()
    throw new Error(`${problem}\n--- last 40 lines of ${logFile}:\n${proc.tail(40)}`)
  }
  await startAndWait()

  return {
    url,
    port,
    zkRoot,
    logFile,
    get pid() {
      return proc.pid
    },
    get running() {
      return proc.running
    },
    get exitStatus() {
      return proc.exitStatus
    },
    stop: () => proc.stop(),
    kill9: () => proc.kill9(),
    async restart() {
      await proc.stop()
      await startAndWait()
    },
    tail: (lines?: number) => proc.tail(lines),
  }
}
