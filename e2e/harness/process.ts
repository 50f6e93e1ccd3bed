// Runs a command to completion and captures its exit code, stdout and stderr (the base of docker and heliosctl).
import { spawn } from 'node:child_process'
import { REPO_ROOT } from './paths.js'

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command to completion; never throws on a non-zero exit (a timeout gives code 124). */
export function run(
  cmd: string,
  args: string[],
  opts: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<ExecResult> {
  return new Promise((done) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, opts.timeoutMs ?? 60_000)
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdin.on('error', () => {}) // the command may exit without reading stdin
    child.stdin.end(opts.stdin ?? '')
    child.on('error', (err) => {
      clearTimeout(timer)
      done({ code: 127, stdout, stderr: `${stderr}${cmd}: ${err.message}\n` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) stderr += `\n${cmd} ${args.join(' ')}: killed after ${opts.timeoutMs ?? 60_000}ms\n`
      done({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), stdout, stderr })
    })
  })
}
