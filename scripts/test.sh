#!/usr/bin/env bash
# npm test: typecheck, lint, unit tests, then e2e tests; the last line is "tests: N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

REPORTS=$(mktemp -d "${TMPDIR:-/tmp}/helios-test-reports.XXXXXX")
PASSED=0
FAILED=0
FAILED_PHASES=()

# run_phase NAME CMD... -- runs CMD, reports its time; a failed phase is remembered, never fatal.
run_phase() {
  local name=$1 start=$SECONDS rc=0
  shift
  log "$name: $*"
  "$@" || rc=$?
  log "$name: $([[ $rc == 0 ]] && echo ok || echo "FAILED (exit $rc)") in $((SECONDS - start))s"
  [[ $rc == 0 ]] || FAILED_PHASES+=("$name")
  return "$rc"
}

# count_vitest PROJECT EXIT_CODE -- adds a vitest JSON report to PASSED/FAILED.
count_vitest() {
  local project=$1 rc=$2 counts
  counts=$(node -e '
    const fs = require("node:fs");
    const [file, rc] = [process.argv[1], Number(process.argv[2])];
    let passed = 0, failed = 0;
    if (fs.existsSync(file)) {
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      passed = r.numPassedTests;
      failed = r.numFailedTests;
      // Files that failed to load (or failed in a hook) carry no failed test: count each once.
      for (const f of r.testResults) {
        if (f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")) failed++;
      }
      if (failed === 0 && r.numFailedTestSuites > 0) failed = r.numFailedTestSuites;
    }
    // No report, or vitest failed for a reason the report does not show (unhandled error, no files).
    if (rc !== 0 && failed === 0) failed = 1;
    console.log(passed, failed);
  ' "$REPORTS/$project.json" "$rc")
  log "$project tests: ${counts% *} passed, ${counts#* } failed (report $REPORTS/$project.json)"
  PASSED=$((PASSED + ${counts% *}))
  FAILED=$((FAILED + ${counts#* }))
}

run_vitest() {
  local project=$1 rc=0
  rm -f "$REPORTS/$project.json"
  run_phase "$project tests" npx vitest run --project "$project" \
    --reporter=default --reporter=json --outputFile.json="$REPORTS/$project.json" || rc=$?
  count_vitest "$project" "$rc"
}

run_phase typecheck npm run --silent typecheck || true
run_phase lint npm run --silent lint || true
run_vitest unit
if run_phase ensure-deps bash "$SCRIPTS/ensure-deps.sh" && run_phase build npm run --silent build; then
  run_vitest e2e
else
  log "e2e tests: not run (see the failed phase above)"
fi

# A failed check phase counts as one failed test so the closing line never hides it.
for phase in ${FAILED_PHASES[@]+"${FAILED_PHASES[@]}"}; do
  [[ $phase == "unit tests" || $phase == "e2e tests" ]] || FAILED=$((FAILED + 1))
done
((${#FAILED_PHASES[@]} == 0)) || log "failed phases: ${FAILED_PHASES[*]}"
echo "tests: $PASSED passed, $FAILED failed"
((FAILED == 0 && ${#FAILED_PHASES[@]} == 0))
