import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import { countPhrase, type HomeTask } from '../platform/web/home-tasks.js';

/** Partnerships with no lead commissioner yet (an invitation may be on its way, but nobody has accepted). */
export async function partnershipsWithoutLeadCount(db: Executor): Promise<number> {
  const result = await sql<{ count: number | string }>`
    SELECT count(*) AS count FROM partnerships p
    WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.partnership_id = p.id AND m.role = 'lead_commissioner')
  `.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}

export function accountsAdminTasksFrom(withoutLead: number): HomeTask[] {
  if (withoutLead === 0) return [];
  return [
    {
      key: 'admin.partnerships-without-lead',
      label: `${countPhrase(withoutLead, 'partnership has', 'partnerships have')} no lead commissioner: invite one`,
      count: withoutLead,
      href: '/admin/partnerships',
      urgency: 'overdue',
    },
  ];
}

/** What the service administrator should see about partnerships today. */
export async function adminHomeTasks(db: Executor): Promise<HomeTask[]> {
  return accountsAdminTasksFrom(await partnershipsWithoutLeadCount(db));
}
