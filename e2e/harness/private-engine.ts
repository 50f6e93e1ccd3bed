// A second dockerd of a scenario's own (own data-root, exec-root, socket, bridge) that it may really stop and start.
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanupRegistry } from './cleanup.js'
import { callerScenario, randomId } from './names.js'
import { scenarioLogDir, TEST_IMAGE, tailFile } from './paths.js'
import { run } from './process.js'
import { sleep, waitFor } from './wait.js'

export interface PrivateEngine {
  /** `unix:///…/docker.sock`, for DOCKER_HOST. */
  host: string
  /** SIGTERM, as a dockerd restart does: its containers stop with it. Resolves once dockerd has exited. */
  stop(): Promise<void>
  /** Starts dockerd again on the same data-root; resolves once `docker info` answers. */
  start(): Promise<void>
  /** Stops it and removes its files and bridge; its log is kept as .e2e/<scenario>/dockerd-private.log. */
  dispose(): Promise<void>
}

/** Starts a private dockerd (needs root) with the test image loaded; the shared engine is never touched. */
export async function startPrivateEngine(scenario = callerScenario()): Promise<PrivateEngine> {
  if (process.getuid?.() !== 0) throw new Error('a private dockerd needs root: run the e2e scenarios as root')
  const dir = mkdtempSync(join(tmpdir(), 'helios-engine-'))
  const log = join(dir, 'dockerd.log')
  const host = `unix://${join(dir, 'docker.sock')}`
  const bridge = `hpe${randomId()}` // interface names have at most 15 characters
  const env = { ...process.env, DOCKER_HOST: host }
  const must = async (cmd: string, args: string[]) => {
    const out = await run(cmd, args)
    if (out.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${out.code}: ${out.stderr.trim()}`)
    return out.stdout
  }
  // Our own config file: a developer's /etc/docker/daemon.json (hosts, bridge, data-root) must not apply.
  writeFileSync(join(dir, 'daemon.json'), '{}\n')
  writeFileSync(log, '')
  const args = [
    ...['--config-file', join(dir, 'daemon.json'), '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'run')],
    ...['--pidfile', join(dir, 'docker.pid'), '-H', host, '--bridge', bridge],
    // No NAT rules beside the shared engine's: published ports go through docker-proxy (the userland proxy).
    '--iptables=false',
  ]
  let child: ChildProcess | undefined
  let exited = Promise.resolve()
  let spawnError = ''
  // On an abrupt exit of the tests, SIGTERM lets dockerd take its containers and containerd down with it.
  const termOnExit = () => child?.kill('SIGTERM')
  const alive = () => child?.pid !== undefined && child.exitCode === null && child.signalCode === null

  async function start(): Promise<void> {
    if (alive()) return
    const fd = openSync(log, 'a')
    const proc = spawn('dockerd', args, { stdio: ['ignore', fd, fd] })
    closeSync(fd)
    child = proc
    exited = new Promise((r) => proc.once('close', () => r()))
    proc.once('error', (err) => (spawnError = ` ${err.message}`))
    cleanupRegistry().add(termOnExit)
    const state = await waitFor(
      async () => (!alive() ? 'exited' : (await run('docker', ['info'], { env, timeoutMs: 5_000 })).code === 0 && 'up'),
      { timeoutMs: 60_000, what: `the private dockerd on ${host}` },
    ).catch((err: Error) => err.message)
    if (state !== 'up') throw new Error(`private dockerd: ${state}${spawnError}; ${log}:\n${tailFile(log, 15)}`)
  }

  async function stop(): Promise<void> {
    if (!alive()) return
    child?.kill('SIGTERM')
    if (!(await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]))) {
      child?.kill('SIGKILL')
      await exited
    }
    cleanupRegistry().delete(termOnExit)
  }

  async function dispose(): Promise<void> {
    await stop()
    // dockerd bind-mounts its data-root onto itself; one that died early leaves that (and netns files) mounted.
    for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n').reverse()) {
      const mountPoint = line.split(' ')[1]
      if (mountPoint?.startsWith(`${dir}/`)) await run('umount', ['-l', mountPoint])
    }
    copyFileSync(log, join(scenarioLogDir(scenario), 'dockerd-private.log'))
    rmSync(dir, { recursive: true, force: true })
    await run('ip', ['link', 'del', bridge])
  }

  try {
    // A /24 in 172.31/16 that no route covers yet, so neither engine's containers shadow the other's.
    let subnet: string | undefined
    for (let i = 0; i < 50 && !subnet; i++) {
      const candidate = `172.31.${1 + Math.floor(Math.random() * 254)}`
      const routes = await must('ip', ['-4', 'route', 'show', 'to', 'match', `${candidate}.1`])
      if (routes.split('\n').every((l) => !l.trim() || l.startsWith('default'))) subnet = candidate
    }
    if (!subnet) throw new Error('no free 172.31.x.0/24 for the private bridge')
    // dockerd 20.10 refuses --bip with --bridge, and wants a non-default bridge to exist already.
    await must('ip', ['link', 'add', 'name', bridge, 'type', 'bridge'])
    await must('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', bridge])
    await must('ip', ['link', 'set', bridge, 'up'])
    await start()
    await must('bash', ['-o', 'pipefail', '-c', 'docker save "$0" | DOCKER_HOST="$1" docker load', TEST_IMAGE, host])
  } catch (err) {
    await dispose().catch(() => {})
    throw err
  }
  return { host, stop, start, dispose }
}
