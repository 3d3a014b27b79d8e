import type { HomeTask, HomeTaskUrgency } from '../platform/web/home-tasks.js';
import type { Tag } from '../platform/web/tags.js';
import { orderTasks } from './rules.js';

const urgencyTags: Record<Exclude<HomeTaskUrgency, 'information'>, Tag> = {
  safety: { text: 'Urgent', classes: 'govuk-tag--red' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--orange' },
  due: { text: 'Due soon', classes: 'govuk-tag--blue' },
};

export interface TaskLine {
  key: string;
  label: string;
  /** Null when the task is in another partnership: the person changes partnership first. */
  href: string | null;
  hint: string | null;
  tag: Tag | null;
  switchTo: { id: string; name: string } | null;
}

function line(task: HomeTask, currentPartnershipId: string | null): TaskLine {
  const elsewhere = task.partnership && task.partnership.id !== currentPartnershipId ? task.partnership : null;
  return {
    key: task.key,
    label: task.label,
    href: elsewhere ? null : task.href,
    hint: task.hint ?? null,
    tag: task.urgency === 'information' ? null : urgencyTags[task.urgency],
    switchTo: elsewhere,
  };
}

/** The home page's two lists: what needs the person (most urgent first), and their ways in. */
export function homeTaskLists(tasks: readonly HomeTask[], currentPartnershipId: string | null) {
  const ordered = orderTasks(tasks).map((task) => ({ task, line: line(task, currentPartnershipId) }));
  return {
    urgent: ordered.filter(({ task }) => task.urgency !== 'information').map(({ line: row }) => row),
    waysIn: ordered.filter(({ task }) => task.urgency === 'information').map(({ line: row }) => row),
  };
}
