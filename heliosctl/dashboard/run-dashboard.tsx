/** @module `heliosctl dashboard` on a real terminal: the alternate screen, the Ink app, and a clean exit. */
import { render } from 'ink'
import type { Ctx } from '../context.js'
import { wantsColor } from '../print/style.js'
import { App } from './App.js'
import { deploymentAction } from './deployment-actions.js'
import { startInformerSource } from './informer-source.js'

// The alternate screen (as k9s and less use) keeps the user's scrollback intact; leaving it restores it.
const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H'
const LEAVE_ALT_SCREEN = '\u001B[?1049l'

/** Terminal streams: what Ink needs for raw keys and a sized screen. */
export interface Terminal {
  stdin: NodeJS.ReadStream
  stdout: NodeJS.WriteStream
}

/** Runs until q or ctrl-c; then stops the informers, restores the terminal and returns exit code 0. */
export async function runDashboard(ctx: Ctx, terminal: Terminal): Promise<number> {
  const abort = new AbortController()
  const source = startInformerSource(
    { client: ctx.client, server: ctx.client.server, act: (action, name) => deploymentAction(ctx, action, name) },
    abort.signal,
  )
  terminal.stdout.write(ENTER_ALT_SCREEN)
  try {
    const app = render(<App source={source} color={wantsColor(ctx.stdoutIsTTY, ctx.env)} />, {
      stdin: terminal.stdin,
      stdout: terminal.stdout,
      exitOnCtrlC: false,
      patchConsole: true,
    })
    await app.waitUntilExit()
  } finally {
    abort.abort()
    terminal.stdout.write(LEAVE_ALT_SCREEN)
  }
  return 0
}
