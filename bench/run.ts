/** @module Running commands and timing them for benchmarks, and free ports for what they start. */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

export async function mustRun(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const out = await run(cmd, args, env)
  if (out.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${out.stderr.trim() || out.stdout.trim()}`)
  return out.stdout
}

export const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}
