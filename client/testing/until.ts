/** @module Test helper: polls a synchronous predicate on real time (5 s at most), for tests that watch something happen (apiserver/test-fixture.ts has its own: the apiserver imports apis/ only). */

/** Polls until `predicate` holds; the timeout error names `what`. */
export async function until(predicate: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
