/** @module `heliosctl rollout SUBCOMMAND deployment/NAME`: kubectl's rollout verbs over a Deployment's rollout status and spec. */
import type { Command } from 'commander'
import { defineRolloutHistory } from './rollout-history.js'
import { defineRolloutStatus } from './rollout-status.js'
import { defineRolloutSteer } from './rollout-steer.js'
import { defineRolloutUndo } from './rollout-undo.js'
import type { Run } from './run.js'

const HELP = `
DEPLOYMENT is deployment/NAME, deployments/NAME, deploy/NAME or NAME.

Examples:
  heliosctl rollout status deployment/web --timeout 5m
  heliosctl rollout history web
  heliosctl rollout undo web --to-revision 2
  heliosctl rollout restart web
  heliosctl rollout promote web     # the canaries (spec.rollout.canary) are good: move the rest
  heliosctl rollout abort web       # send the hosts this rollout moved back to the last good revision`

export function defineRollout(program: Command, run: Run): void {
  const rollout = program
    .command('rollout')
    .description('watch, steer and undo the rollout of a deployment')
    .addHelpText('after', HELP)
  defineRolloutStatus(rollout, run)
  defineRolloutHistory(rollout, run)
  defineRolloutUndo(rollout, run)
  defineRolloutSteer(rollout, run)
}
