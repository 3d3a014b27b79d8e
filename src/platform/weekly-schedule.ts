/**
 * Runs a task in this process once its weekly time has come, checking every few minutes. The
 * task must be safe to run again (the weekly digest records whom it has sent to), so a restart,
 * a second instance or a slow run never does the week's work twice; checking rather than
 * sleeping until one moment also means a process started after the time still does it.
 */
export interface WeeklySchedule {
  stop(): void;
}

export interface ScheduleLog {
  error(details: Record<string, unknown>, message: string): void;
}

export function startWeeklySchedule(options: { due: (now: Date) => boolean; run: () => Promise<void>; log: ScheduleLog; checkEveryMs?: number; now?: () => Date }): WeeklySchedule {
  const { due, run, log, checkEveryMs = 5 * 60_000, now = () => new Date() } = options;
  let running = false;
  const check = async () => {
    if (running || !due(now())) return;
    running = true;
    try {
      await run();
    } catch (error) {
      log.error({ err: error }, 'The weekly task failed; it is tried again at the next check');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), checkEveryMs);
  // The schedule never keeps the process alive on its own.
  timer.unref();
  void check();
  return { stop: () => clearInterval(timer) };
}
