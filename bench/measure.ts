export interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  targetMs: number | null;
}

export async function time(name: string, runs: number, targetMs: number | null, task: () => Promise<void>): Promise<Timing> {
  await task(); // warm-up: template compilation, query planning
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    await task();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return timingOf(name, samples, targetMs);
}

function timingOf(name: string, samples: number[], targetMs: number | null): Timing {
  samples.sort((a, b) => a - b);
  const at = (share: number) => samples[Math.min(samples.length - 1, Math.floor(share * samples.length))] as number;
  return { name, runs: samples.length, medianMs: at(0.5), p95Ms: at(0.95), targetMs };
}

/**
 * Two tasks timed alternately in one run (a, b, a, b …), so a noisy machine slows both alike;
 * the ratio of their p95 times is the figure to trust.
 */
export async function timePair(
  first: [name: string, task: () => Promise<void>],
  second: [name: string, task: () => Promise<void>],
  runs: number,
  targetMs: number | null,
): Promise<{ timings: [Timing, Timing]; ratio: number }> {
  await first[1]();
  await second[1]();
  const samples: [number[], number[]] = [[], []];
  for (let run = 0; run < runs; run += 1) {
    for (const [index, [, task]] of [first, second].entries()) {
      const started = process.hrtime.bigint();
      await task();
      samples[index]?.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const a = timingOf(first[0], samples[0], targetMs);
  const b = timingOf(second[0], samples[1], null);
  return { timings: [a, b], ratio: a.p95Ms / b.p95Ms };
}

export function report(title: string, timings: Timing[]): boolean {
  console.log(`\n${title}`);
  console.log(`${'measure'.padEnd(72)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'target'.padStart(9)}  ok`);
  let allMet = true;
  for (const timing of timings) {
    const met = timing.targetMs === null || timing.p95Ms <= timing.targetMs;
    allMet &&= met;
    console.log(
      `${timing.name.padEnd(72)} ${timing.medianMs.toFixed(1).padStart(7)}ms ${timing.p95Ms.toFixed(1).padStart(7)}ms ${
        timing.targetMs === null ? '        -' : `${timing.targetMs.toFixed(0).padStart(7)}ms`
      }  ${met ? 'yes' : 'NO'}`,
    );
  }
  return allMet;
}
