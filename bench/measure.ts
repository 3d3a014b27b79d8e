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
  samples.sort((a, b) => a - b);
  const at = (share: number) => samples[Math.min(samples.length - 1, Math.floor(share * samples.length))] as number;
  return { name, runs, medianMs: at(0.5), p95Ms: at(0.95), targetMs };
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
