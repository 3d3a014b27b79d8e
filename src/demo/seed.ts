import { seedDemoBedsAndRequests } from './placement-demo.js';
import type { Kysely } from 'kysely';
import * as accounts from '../accounts/index.js';
import { recordAudit } from '../platform/audit/audit.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { refreshPlannerStatistics } from '../platform/db/statistics.js';
import type { Database, Role } from '../platform/db/schema.js';
import { seedDemoActionTargets, seedDemoAgreedFigures, seedDemoAssessments, seedDemoPeerReviewRound } from './assessment-demo.js';
import { demoAreaCodes, seedDemoInsight } from './insight-demo.js';
import { seedDemoPathway } from './pathway-demo.js';
import { seedDemoRegional } from './regional-demo.js';
import { demoProviderAccount, seedDemoProviderAccount, seedDemoProviders } from './provider-demo.js';

/**
 * Every name here is invented; the .example domain can never belong to a real organisation, and
 * the area codes (E06999901, E06999902) belong to no real area.
 */
export const demoPartnerships = {
  northmoor: { name: 'Northmoor Drug and Alcohol Partnership (demo)', onsCode: demoAreaCodes.northmoor, region: 'North West' },
  eastfield: { name: 'Eastfield Recovery Partnership (demo)', onsCode: demoAreaCodes.eastfield, region: 'East Midlands' },
} as const;

interface DemoAccount {
  email: string;
  displayName: string;
  password: string;
  isAdmin?: boolean;
  /** A regional or national analyst: their region, or null for England. */
  analystRegion?: string | null;
  memberships: Array<{ partnership: keyof typeof demoPartnerships; role: Role; organisation?: string; partnerType?: string }>;
}

export const demoAccounts: DemoAccount[] = [
  {
    email: 'lead@northmoor.example',
    displayName: 'Alex Demo',
    password: 'demo-lead-password',
    memberships: [{ partnership: 'northmoor', role: 'lead_commissioner', organisation: 'Northmoor Council (demo)', partnerType: 'commissioner' }],
  },
  {
    email: 'contributor@northmoor.example',
    displayName: 'Sam Demo',
    password: 'demo-contributor-password',
    memberships: [{ partnership: 'northmoor', role: 'contributor', organisation: 'Northmoor Community Recovery Service (demo)', partnerType: 'community_treatment' }],
  },
  {
    email: 'housing@northmoor.example',
    displayName: 'Jo Demo',
    password: 'demo-housing-password',
    memberships: [{ partnership: 'northmoor', role: 'contributor', organisation: 'Northmoor Housing Trust (demo)', partnerType: 'homelessness' }],
  },
  {
    email: 'staff@northmoor.example',
    displayName: 'Kit Demo',
    password: 'demo-staff-password',
    memberships: [{ partnership: 'northmoor', role: 'pathway_staff', organisation: 'Northmoor Community Recovery Service (demo)', partnerType: 'community_treatment' }],
  },
  {
    email: 'viewer@northmoor.example',
    displayName: 'Chris Demo',
    password: 'demo-viewer-password',
    memberships: [{ partnership: 'northmoor', role: 'viewer' }],
  },
  {
    email: 'peer@eastfield.example',
    displayName: 'Robin Demo',
    password: 'demo-peer-password',
    memberships: [
      { partnership: 'eastfield', role: 'lead_commissioner', organisation: 'Eastfield Council (demo)', partnerType: 'commissioner' },
      { partnership: 'northmoor', role: 'peer_reviewer', organisation: 'Eastfield Council (demo)', partnerType: 'commissioner' },
    ],
  },
  {
    email: 'admin@residential-pathways.example',
    displayName: 'Pat Demo',
    password: 'demo-admin-password',
    isAdmin: true,
    memberships: [],
  },
  {
    // Keeps the services of one demo provider up to date; belongs to no partnership.
    email: demoProviderAccount.email,
    displayName: 'Morgan Demo',
    password: 'demo-provider-password',
    memberships: [],
  },
  {
    // Regional analysts belong to no partnership: they compare the figures partnerships share.
    email: 'analyst@north-west.example',
    displayName: 'Lee Demo',
    password: 'demo-analyst-password',
    analystRegion: 'North West',
    memberships: [],
  },
  {
    email: 'analyst@england.example',
    displayName: 'Rowan Demo',
    password: 'demo-national-analyst-password',
    analystRegion: null,
    memberships: [],
  },
];

export interface SeededDemo {
  partnershipIds: Record<keyof typeof demoPartnerships, string>;
  userIds: Record<string, string>;
  accounts: DemoAccount[];
}

/**
 * Fills an empty database with the fictional demo partnerships and one account per role.
 * With `sampleWork`, Northmoor also gets a signed-off self-assessment and an open one.
 */
export async function seedDemo(db: Kysely<Database>, { sampleWork = false, today = new Date() }: { sampleWork?: boolean; today?: Date } = {}): Promise<SeededDemo> {
  const hashes = await Promise.all(demoAccounts.map((account) => hashPassword(account.password)));
  const seeded = await db.transaction().execute(async (trx) => {
    const partnershipIds = {} as Record<keyof typeof demoPartnerships, string>;
    for (const [key, details] of Object.entries(demoPartnerships) as Array<[keyof typeof demoPartnerships, (typeof demoPartnerships)[keyof typeof demoPartnerships]]>) {
      const partnership = await accounts.insertPartnership(trx, details);
      partnershipIds[key] = partnership.id;
      await recordAudit(trx, {
        partnershipId: partnership.id,
        actorUserId: null,
        action: 'partnership_created',
        recordType: 'partnership',
        recordId: partnership.id,
        summary: 'Created with the demo data',
      });
    }
    const userIds: Record<string, string> = {};
    for (const [index, account] of demoAccounts.entries()) {
      const user = await accounts.insertUser(trx, {
        email: account.email,
        displayName: account.displayName,
        passwordHash: hashes[index] as string,
        isAdmin: account.isAdmin ?? false,
      });
      userIds[account.email] = user.id;
      if (account.analystRegion !== undefined) await accounts.insertAnalystScope(trx, { userId: user.id, region: account.analystRegion, createdBy: null });
      for (const membership of account.memberships) {
        await accounts.insertMembership(trx, partnershipIds[membership.partnership], {
          userId: user.id,
          role: membership.role,
          organisation: membership.organisation ?? null,
          partnerType: membership.partnerType ?? null,
        });
      }
    }
    // Outside the sample work: tests sign in as the provider account on every demo database.
    await seedDemoProviderAccount(trx, userIds);
    if (sampleWork) {
      const northmoorMembers = await trx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.id', 'memberships.user_id', 'memberships.organisation', 'memberships.partner_type', 'users.display_name'])
        .where('memberships.partnership_id', '=', partnershipIds.northmoor)
        .where('memberships.role', '=', 'contributor')
        .orderBy('users.email')
        .execute();
      await seedDemoAssessments(
        trx,
        {
          partnershipId: partnershipIds.northmoor,
          leadUserId: userIds['lead@northmoor.example'] as string,
          peerReviewerUserId: userIds['peer@eastfield.example'] as string,
          contributors: northmoorMembers.map((member) => ({
            userId: member.user_id,
            membershipId: member.id,
            name: member.display_name,
            organisation: member.organisation ?? '',
            partnerType: member.partner_type ?? 'other',
          })),
        },
        today,
      );
      await seedDemoPeerReviewRound(trx, { partnershipId: partnershipIds.northmoor, leadUserId: userIds['lead@northmoor.example'] as string }, today);
      await seedDemoProviders(trx, { partnershipId: partnershipIds.northmoor, leadUserId: userIds['lead@northmoor.example'] as string }, today);
      await seedDemoPathway(
        trx,
        {
          partnershipId: partnershipIds.northmoor,
          staffUserId: (userIds['staff@northmoor.example'] ?? userIds['lead@northmoor.example']) as string,
          providerUserId: userIds[demoProviderAccount.email] ?? null,
        },
        today,
      );
      await seedDemoBedsAndRequests(
        trx,
        {
          partnershipId: partnershipIds.northmoor,
          staffUserId: (userIds['staff@northmoor.example'] ?? userIds['lead@northmoor.example']) as string,
          providerUserId: userIds[demoProviderAccount.email] ?? null,
        },
        today,
      );
      // Published figures for England, two regions, the partnerships' areas and areas to compare with.
      await seedDemoInsight(
        trx,
        {
          adminUserId: userIds['admin@residential-pathways.example'] as string,
          partnerships: {
            northmoor: { partnershipId: partnershipIds.northmoor, leadUserId: userIds['lead@northmoor.example'] as string },
            eastfield: { partnershipId: partnershipIds.eastfield, leadUserId: userIds['peer@eastfield.example'] as string },
          },
        },
        today,
      );
      await seedDemoActionTargets(trx, partnershipIds.northmoor, today);
      await seedDemoAgreedFigures(trx, partnershipIds.northmoor, today);
      // The demo partnerships, and a second one in the North West, share their figures with analysts.
      await seedDemoRegional(
        trx,
        {
          adminUserId: userIds['admin@residential-pathways.example'] as string,
          sharing: [
            { partnershipId: partnershipIds.northmoor, userId: userIds['lead@northmoor.example'] as string },
            { partnershipId: partnershipIds.eastfield, userId: userIds['peer@eastfield.example'] as string },
          ],
        },
        today,
      );
    }
    return { partnershipIds, userIds, accounts: demoAccounts };
  });
  // The embedded database has no autovacuum: the demo's statistics are gathered here (see statistics.ts).
  await refreshPlannerStatistics(db);
  return seeded;
}

export function printDemoSignIns(demo: SeededDemo): void {
  const lines = [
    '',
    'Demo data created. Everything in it is fictional. Sign in with any of these:',
    '',
    ...demo.accounts.map((account) => {
      const roles = account.isAdmin
        ? 'system administrator'
        : account.analystRegion !== undefined
          ? `analyst for ${account.analystRegion ?? 'England'} (figures that partnerships share)`
          : account.email === demoProviderAccount.email
          ? 'provider account'
          : account.memberships.map((membership) => `${membership.role.replace(/_/g, ' ')} in ${membership.partnership}`).join(', ');
      return `  ${account.email.padEnd(38)} ${account.password.padEnd(28)} ${roles}`;
    }),
    '',
  ];
  console.log(lines.join('\n'));
}
