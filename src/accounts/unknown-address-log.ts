import crypto from 'node:crypto';

/** The part of a pino logger this needs, so the service can be given a request's logger or none. */
export interface WarnLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export const unknownAddressLogWindowMs = 60_000;
/** Beyond this many addresses in one window the rest share one count, so memory stays bounded. */
const trackedAddressLimit = 1000;
const otherAddresses = 'other addresses';

/**
 * Failed sign-ins for addresses with no account are not audited (anyone can make them, and
 * the audit log only grows), so they are logged instead: at most one line per address per
 * minute, carrying how many failures it stands for. Addresses are personal data, so the log
 * holds a keyed hash that tells repeats apart within this process and cannot be reversed.
 */
export function createUnknownAddressLog(now: () => Date) {
  const key = crypto.randomBytes(32);
  const windows = new Map<string, { loggedAt: number; unlogged: number }>();

  function forget(at: number) {
    for (const [address, window] of windows) {
      if (at - window.loggedAt >= unknownAddressLogWindowMs) windows.delete(address);
    }
  }

  return function noteFailure(email: string, log: WarnLogger | undefined, requestId: string): void {
    const at = now().getTime();
    let address = crypto.createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
    if (!windows.has(address) && windows.size >= trackedAddressLimit) {
      forget(at);
      if (windows.size >= trackedAddressLimit) address = otherAddresses;
    }
    const window = windows.get(address);
    if (window && at - window.loggedAt < unknownAddressLogWindowMs) {
      window.unlogged += 1;
      return;
    }
    log?.warn(
      { addressHash: address, failedSignIns: (window?.unlogged ?? 0) + 1, sinceLastLine: window ? new Date(window.loggedAt).toISOString() : null, requestId },
      'failed sign-in for an address with no account',
    );
    windows.set(address, { loggedAt: at, unlogged: 0 });
  };
}
