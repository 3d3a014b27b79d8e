import { describe, expect, it } from 'vitest';
import { pathwayTasksFrom, placementTasksFrom } from './home-tasks.js';

describe('the pathway’s home page lines', () => {
  it('lists only the counts with something in them, unplanned discharges marked as a safety risk', () => {
    const tasks = pathwayTasksFrom({ fundingDecisionTargetDays: 10, unplannedNotTold: 2, fundingOverTarget: 0, waitingNoContact: 1, reviewsOverdue: 0, reviewsDueSoon: 1204, staysPastPlannedLength: 0 });
    expect(tasks.map((task) => [task.key, task.urgency])).toEqual([
      ['pathway.unplanned-not-told', 'safety'],
      ['pathway.waiting-no-contact', 'overdue'],
      ['pathway.reviews-due-soon', 'due'],
    ]);
    expect(tasks[0]?.label).toBe('2 unplanned discharges: the referrer has not been told');
    expect(tasks[2]?.label).toBe('1,204 reviews and follow-ups are due in the next 7 days');
  });

  it('names the partnership’s own funding decision target', () => {
    const [line] = pathwayTasksFrom({ fundingDecisionTargetDays: 1, unplannedNotTold: 0, fundingOverTarget: 1, waitingNoContact: 0, reviewsOverdue: 0, reviewsDueSoon: 0, staysPastPlannedLength: 0 });
    expect(line?.label).toBe('1 funding decision has waited more than 1 working day');
  });

  it('gives a provider account nothing when nothing needs recording', () => {
    expect(placementTasksFrom({ needingAdmission: 0, needingDischarge: 0, reviewsDue: 0, referrerNotTold: 0 })).toEqual([]);
    expect(placementTasksFrom({ needingAdmission: 1, needingDischarge: 0, reviewsDue: 0, referrerNotTold: 1 }).map((task) => task.key)).toEqual([
      'placements.referrer-not-told',
      'placements.needing-admission',
    ]);
  });
});
