/** @module A job token missing or wrong (the apiserver's 403): Helios' FORBIDDEN answer for each host instead of an error. */
import { isApiError } from '../apis/index.js'
import { type Ctx, println } from './context.js'
import { deployJson, failedLine, type HostResponse } from './print/deploy-response.js'
import { inert } from './print/terminal-text.js'

/**
 * Runs `write` (which prints its own answers); a 403 from it prints Helios' `host: failed: <response>{status=FORBIDDEN,
 * …}` per host (JSON: `{host, job, status: "FORBIDDEN"}`), the apiserver's reason on stderr, and exits 1.
 * Any other error propagates.
 */
export async function forbiddenPerHost(
  ctx: Ctx,
  answer: { response: HostResponse; job: string; hosts: readonly string[]; json?: boolean },
  write: () => Promise<number>,
): Promise<number> {
  try {
    return await write()
  } catch (err) {
    if (!isApiError(err, 'Forbidden')) throw err
    for (const host of answer.hosts) {
      const line = answer.json
        ? deployJson(host, answer.job, 'FORBIDDEN')
        : failedLine(answer.response, 'FORBIDDEN', answer.job, host)
      println(ctx.stdout, line)
      println(ctx.stderr, inert(`${host}: FORBIDDEN: ${err.message}`))
    }
    return 1
  }
}
