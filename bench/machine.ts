/** @module The machine a benchmark run measured on, read at run time (cores, memory, load, Docker, compose, ZooKeeper). */
import { connect } from 'node:net'
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os'
import { run } from './run.js'

export interface Machine {
  cores: number
  cpuModel: string
  memoryGiB: number
  /** 1, 5 and 15 minute load averages when the run started: other work on a shared machine shows here. */
  loadAverage: number[]
  kernel: string
  node: string
  docker: string
  dockerCompose: string
  zookeeper: string
}

export async function readMachine(zk: string): Promise<Machine> {
  const docker = await run('docker', ['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})'])
  const compose = await run('docker-compose', ['version', '--short']).catch(() => ({ code: 1, stdout: '' }))
  const srvr = await fourLetterWord(zk, 'srvr').catch(() => '')
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    kernel: release(),
    node: process.version,
    docker: docker.code === 0 ? docker.stdout.trim() : 'unavailable',
    dockerCompose: compose.code === 0 ? compose.stdout.trim() : 'not installed',
    zookeeper: /^Zookeeper version: ([^,\s-]+)/m.exec(srvr)?.[1] ?? 'unknown (srvr not answered)',
  }
}

export const describeMachine = (m: Machine): string =>
  [
    `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, load ${m.loadAverage.join(' ')}, Linux ${m.kernel}`,
    `software: Node.js ${m.node}, Docker ${m.docker}, docker-compose ${m.dockerCompose}, ZooKeeper ${m.zookeeper}`,
  ].join('\n')

/** Sends a ZooKeeper four-letter word to `host:port` and returns its answer (the server closes after it). */
function fourLetterWord(hostPort: string, word: string): Promise<string> {
  const [host, port] = hostPort.split(',')[0]!.split(':')
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port ?? 2181), host ?? '127.0.0.1')
    let answer = ''
    socket.setTimeout(3000, () => socket.destroy(new Error(`no answer to ${word} from ${hostPort}`)))
    socket.on('connect', () => socket.write(word))
    socket.on('data', (d) => (answer += d))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}
