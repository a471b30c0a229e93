// The library entry point (package.json "main"/"types"): the public API and the artifact types.
// Owns: nothing but re-exports. Everything the CLI can do is reachable from here. The vitest
// helper lives in harness/testing/labtest.ts and is not re-exported, so using the library does
// not require vitest. The CLI (harness/cli/main.ts) is not re-exported either: importing it from
// a script named main.js would start the command line.

// Running explorations, replaying and minimizing
export { runExplore, resolveExploreOptions, traceOf, type ExploreRequest, type ExploreRun } from './run.js';
export { resolveSetup, type RunSetup, type SetupRequest } from './setup.js';
export { replayTrace, followChoices, setupFromTrace, type ReplayResult } from './replay.js';
export { minimizeExecution, minimizeTrace, MINIMIZE_DEFAULTS, type MinimizeOptions, type MinimizeResult } from './minimize.js';
export { whatIf, rerun, continueFrom, applyEdits, parseEdits, faultSteps, type WhatIfEdit, type WhatIfResult, type ContinueOptions, type ContinueResult } from './whatif.js';
export { runExecution, type ExecutionRecord, type Chooser } from './execution.js';
export type { Violation } from './oracles.js';
export { EXPLORERS, findExplorer } from './explore/registry.js';
export type { Explorer, ExploreOptions, ExploreOutcome, ProgressFn } from './explore/types.js';
export { VERDICTS, CLAIM_LEVELS, EXIT, verdictOf, type Verdict, type ClaimLevel, type Claim } from './verdict.js';

// The CI gate and progress
export { runGate, replaySeeds, type GateRun, type GateHooks } from './gate/run.js';
export {
  loadGateConfig, parseGateConfig, applyOverrides, GATE_CONFIG_SCHEMA, GATE_CONFIG_DEFAULT_PATH,
  type GateConfig, type GateCheck, type GateOverrides,
} from './gate/config.js';
export { startProgress, progressMode, type Progress, type ProgressMode, type ProgressOptions } from './progress.js';

// Scenarios
export { SCENARIOS, findScenario } from '../scenarios/registry.js';
export type { Scenario, Invariant, Mutant, ScenarioParam } from '../scenarios/types.js';

// Artifacts (schemas in docs/schemas/)
export { TRACE_SCHEMA, parseTrace, sealTrace, traceText, type TraceV1, type TraceBody, type TraceViolation } from '../reports/trace.js';
export { SUMMARY_SCHEMA, buildSummary, summaryText, type RunSummary } from '../reports/summary.js';
export {
  GATE_REPORT_SCHEMA, gateReportText, parseGateReport,
  type GateReport, type GateCheckResult, type GateSeedResult, type GateViolation,
} from '../reports/gate-report.js';
export { htmlPage } from '../reports/html.js';
export { csvText, rowFromCheck, rowFromSummary, CSV_COLUMNS, type ResultRow } from '../reports/csv.js';
export { markdownOfGate, markdownOfSummary, markdownOfTrace } from '../reports/markdown.js';
export { junitOfGate } from '../reports/junit.js';
export type { StepEvent, SentRecord } from '../sim/world.js';
export { RacelabError, UsageError, InputError, InconclusiveError } from '../sim/errors.js';
