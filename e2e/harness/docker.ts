// The local Docker engine for e2e scenarios: the docker CLI, the engine/test-image check and label cleanup.
import { TEST_IMAGE } from './paths.js'
import { type ExecResult, run } from './process.js'

export function docker(args: string[], opts: { timeoutMs?: number; stdin?: string } = {}): Promise<ExecResult> {
  return run('docker', args, opts)
}

/** Full ids of the containers carrying every label given ("key" or "key=value"); `all` includes stopped ones. */
export async function containerIds(labels: string[], opts: { all?: boolean } = {}): Promise<string[]> {
  const filters = labels.flatMap((l) => ['--filter', `label=${l}`])
  const ps = await docker(['ps', '-q', '--no-trunc', ...(opts.all ? ['-a'] : []), ...filters])
  if (ps.code !== 0) throw new Error(`docker ps ${filters.join(' ')} failed: ${ps.stderr.trim()}`)
  return ps.stdout.split(/\s+/).filter(Boolean)
}

/** `docker inspect` of one container, parsed (throws when it does not exist). */
export async function inspectContainer(id: string): Promise<DockerContainer> {
  const out = await docker(['inspect', '--type', 'container', id])
  if (out.code !== 0) throw new Error(`docker inspect ${id} failed: ${out.stderr.trim()}`)
  const [first] = JSON.parse(out.stdout) as DockerContainer[]
  if (!first) throw new Error(`docker inspect ${id} returned nothing`)
  return first
}

/** The parts of `docker inspect` scenarios read; the rest stays loosely typed. */
export interface DockerContainer {
  Id: string
  Name: string
  State: { Status: string; Running: boolean; StartedAt: string; ExitCode: number }
  /** Restarts by Docker's own restart policy (a start by the agent shows in State.StartedAt instead). */
  RestartCount: number
  Config: {
    Cmd?: string[] | null
    Env?: string[] | null
    Hostname: string
    Labels: Record<string, string>
    [field: string]: unknown
  }
  HostConfig: Record<string, unknown>
  Mounts: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[]
}

/** docker rm -f every container (running or not) carrying the label ("key" or "key=value"). */
export async function removeContainersByLabel(label: string): Promise<number> {
  const ps = await docker(['ps', '-aq', '--filter', `label=${label}`])
  if (ps.code !== 0) throw new Error(`docker ps --filter label=${label} failed: ${ps.stderr.trim()}`)
  const ids = ps.stdout.split(/\s+/).filter(Boolean)
  if (ids.length === 0) return 0
  const rm = await docker(['rm', '-f', ...ids])
  if (rm.code !== 0) throw new Error(`docker rm -f ${ids.join(' ')} failed: ${rm.stderr.trim()}`)
  return ids.length
}

/** Throws a clear error unless the Docker engine answers and the test image exists. */
export async function assertDocker(): Promise<void> {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 })
  if (info.code !== 0) {
    throw new Error(
      `the Docker engine does not answer (docker info: ${(info.stderr || info.stdout).trim()}); ` +
        'run `bash scripts/ensure-deps.sh` as root to install and start dockerd',
    )
  }
  const img = await docker(['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE])
  if (img.code !== 0) {
    throw new Error(`the test image ${TEST_IMAGE} is missing; run \`bash scripts/build-test-image.sh\``)
  }
}
