// Durations as Kubernetes and Go write them: `30m`, `1h30m`, `90s`, `1.5h`.
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

/** overlaySwitch.maxSnapshotAge: its seconds, and its text as the user wrote it, for messages. */
export interface MaxSnapshotAge {
  seconds: number;
  written: string;
}

export function parseDurationSeconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    seconds += Number(amount) * (UNIT_SECONDS[unit as string] ?? 0);
  }
  // Go's time.ParseDuration refuses what int64 nanoseconds do not hold (about 292 years).
  return seconds <= MAX_GO_DURATION_SECONDS ? seconds : undefined;
}

const MAX_GO_DURATION_SECONDS = 9_223_372_036.854775807;
