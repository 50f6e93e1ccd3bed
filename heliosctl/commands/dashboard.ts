/** @module `heliosctl dashboard`: a live terminal view of the fleet; the Ink code is imported only when it runs. */
import type { Command } from 'commander'
import type { Ctx } from '../context.js'
import { loadDashboard } from '../dashboard/load-dashboard.js'
import { rawStream } from '../print/terminal-text.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Shows, live from the apiserver's watch streams: Hosts (UP/DOWN, load, tasks, cordoned), Deployments
(rollout state and a progress bar of hosts done, revision, job), Tasks coloured by state and the Event
feed (newest at the bottom, Warnings in red). When the apiserver goes away the status line says
"reconnecting…" and the dashboard catches up by itself once it is back.

Keys: ↑↓/j k move, tab switches pane, / filters, enter opens a Deployment (its Task on every host),
esc goes back, s stops (goal STOP), S starts (goal START), u rolls back (as rollout undo) — each after
a y/n confirmation — ? shows help, q or ctrl-c quits. Colours follow NO_COLOR and FORCE_COLOR.`

export function defineDashboard(program: Command, run: Run): void {
  program
    .command('dashboard')
    .description('live terminal dashboard of hosts, deployments, tasks and events')
    .addHelpText('after', HELP)
    .action((_opts: GlobalOpts, cmd: Command) => run(dashboard, {}, cmd))
}

/** Needs a terminal on stdin and stdout (raw keys, a sized screen); loads Ink only now, so other verbs start fast. */
export async function dashboard(ctx: Ctx, _args: object, _opts: GlobalOpts): Promise<number> {
  const stdin = ctx.stdin as Partial<NodeJS.ReadStream>
  const stdout = rawStream(ctx.stdout) as Partial<NodeJS.WriteStream> // Ink draws with escapes of its own
  if (!ctx.isTTY || !ctx.stdoutIsTTY || typeof stdin.setRawMode !== 'function' || stdout.isTTY !== true)
    throw new Error('the dashboard needs a terminal: run it with stdin and stdout on a TTY')
  // Ink draws nothing live and chalk no colours when CI is set (is-in-ci and supports-color, read once as they
  // load); on a terminal the live screen is the point, whatever a CI variable left in the shell says.
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[key]
  const { runDashboard } = await loadDashboard()
  return runDashboard(ctx, { stdin: stdin as NodeJS.ReadStream, stdout: stdout as NodeJS.WriteStream })
}
