/** Requests one token (or, without one, one address) may make in a minute. */
export const apiRequestsPerMinute = 120;
