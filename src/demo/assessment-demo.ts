import type { Transaction } from 'kysely';
import { recordAgreedFigures } from '../assessment/index.js';
import { type EvidenceMeasureKey, evidenceFigures, evidencePeriod } from '../insight/index.js';
import type { ActionStatus, Database, Judgement, Rating } from '../platform/db/schema.js';
import { ukToday } from '../platform/values/calendar.js';
import { isoDaysFrom, seededRandom } from './random.js';

interface DemoPeople {
  partnershipId: string;
  leadUserId: string;
  peerReviewerUserId: string;
  contributors: Array<{ userId: string; membershipId: string; name: string; organisation: string; partnerType: string }>;
}

const namedParticipants = [
  { name: 'Head of adult social care commissioning', organisation: 'Northmoor Council (demo)', partnerType: 'commissioner', hasAuthority: true, knowsPathway: false },
  { name: 'Residential services manager', organisation: 'Hillside Recovery House (demo)', partnerType: 'residential_provider', hasAuthority: false, knowsPathway: true },
  { name: 'Healthcare lead, substance misuse', organisation: 'HMP Northmoor treatment team (demo)', partnerType: 'prison_treatment', hasAuthority: false, knowsPathway: true },
  { name: 'Alcohol care team nurse', organisation: 'Northmoor Hospitals Trust (demo)', partnerType: 'acute_nhs', hasAuthority: false, knowsPathway: true },
  { name: 'Shared care GP lead', organisation: 'Northmoor Shared Care (demo)', partnerType: 'primary_care', hasAuthority: false, knowsPathway: true },
  { name: 'Probation drug and alcohol lead', organisation: 'Northmoor Probation Delivery Unit (demo)', partnerType: 'criminal_justice', hasAuthority: true, knowsPathway: false },
  { name: 'Family safeguarding manager', organisation: 'Northmoor Children’s Services (demo)', partnerType: 'children_families', hasAuthority: true, knowsPathway: false },
  { name: 'Peer mentor coordinator', organisation: 'Northmoor Recovery Voices (demo)', partnerType: 'lived_experience', hasAuthority: false, knowsPathway: true },
];

const ratingWeights: Array<[Rating, number]> = [
  ['in_place', 0.35],
  ['partly', 0.35],
  ['not_in_place', 0.2],
  ['dont_know', 0.07],
  ['not_applicable', 0.03],
];

function pickRating(random: () => number): Rating {
  let roll = random();
  for (const [rating, weight] of ratingWeights) {
    if (roll < weight) return rating;
    roll -= weight;
  }
  return 'partly';
}

/**
 * A signed-off round from last year, with its action plan, reviews and peer review, and this
 * year's round open for responses, built on it. Everything is fictional.
 */
export async function seedDemoAssessments(trx: Transaction<Database>, people: DemoPeople, today: Date): Promise<void> {
  const random = seededRandom(2026);
  const { partnershipId } = people;
  const template = await trx.selectFrom('assessment_templates').select('id').orderBy('created_at').executeTakeFirst();
  if (!template) return;
  const statements = await trx
    .selectFrom('template_statements')
    .select(['id', 'key', 'text'])
    .where('template_id', '=', template.id)
    .orderBy('key')
    .execute();

  const completed = await trx
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnershipId,
      template_id: template.id,
      title: 'Residential pathway self-assessment (last year)',
      status: 'signed_off',
      starts_on: isoDaysFrom(today, -420),
      responses_due_on: isoDaysFrom(today, -370),
      re_evaluate_on: isoDaysFrom(today, 10),
      created_by: people.leadUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const participantRows = [
    ...people.contributors.map((contributor) => ({
      membership_id: contributor.membershipId,
      name: contributor.name,
      organisation: contributor.organisation,
      partner_type: contributor.partnerType,
      has_authority: false,
      knows_pathway: true,
    })),
    ...namedParticipants.map((participant) => ({
      membership_id: null,
      name: participant.name,
      organisation: participant.organisation,
      partner_type: participant.partnerType,
      has_authority: participant.hasAuthority,
      knows_pathway: participant.knowsPathway,
    })),
  ];
  await trx
    .insertInto('round_participants')
    .values(participantRows.map((row) => ({ ...row, partnership_id: partnershipId, round_id: completed.id })))
    .execute();

  const agreedByKey = new Map<string, Rating>();
  for (const statement of statements) {
    const ratings: Rating[] = [];
    for (const contributor of people.contributors) {
      const rating = pickRating(random);
      ratings.push(rating);
      await trx
        .insertInto('responses')
        .values({
          partnership_id: partnershipId,
          round_id: completed.id,
          statement_id: statement.id,
          respondent_user_id: contributor.userId,
          organisation: contributor.organisation,
          rating,
          evidence: random() < 0.4 ? 'Discussed at the team meeting; see the pathway flowchart and last quarter’s figures.' : '',
        })
        .execute();
    }
    const agreed = ratings.find((rating) => rating !== 'dont_know' && rating !== 'not_applicable') ?? 'partly';
    agreedByKey.set(statement.key, agreed);
    const judgement: Judgement = agreed === 'in_place' ? 'strength' : agreed === 'not_in_place' ? 'concern' : random() < 0.5 ? 'concern' : 'neither';
    await trx
      .insertInto('agreed_answers')
      .values({
        partnership_id: partnershipId,
        round_id: completed.id,
        statement_id: statement.id,
        rating: agreed,
        judgement,
        rationale: judgement === 'concern' ? 'Partners described delays and gaps; the board agreed to act on this.' : '',
        updated_by: people.leadUserId,
      })
      .execute();
  }

  const priorities = [
    ['Make funding decisions faster', 'Cut the time from clinical decision to funding decision, with a fast route for detox.'],
    ['Agree aftercare before admission', 'Every person has an aftercare and housing plan agreed before they go in.'],
    ['Help frontline staff talk about residential options', 'Keyworkers are confident to raise residential treatment at assessment and reviews.'],
  ];
  const priorityIds: string[] = [];
  for (const [index, [title, description]] of priorities.entries()) {
    const priority = await trx
      .insertInto('priorities')
      .values({ partnership_id: partnershipId, round_id: completed.id, title: title as string, description: description as string, rank: index + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    priorityIds.push(priority.id);
  }

  const concerns = statements.filter((statement) => agreedByKey.get(statement.key) === 'not_in_place');
  const strengths = statements.filter((statement) => agreedByKey.get(statement.key) === 'in_place');
  const actions: Array<{ description: string; purpose: 'address_concern' | 'maintain_strength'; lead: string; organisation: string; due: number; status: ActionStatus; priority: number | null; statement?: { id: string } | undefined }> = [
    { description: 'Set up a weekly virtual funding panel with a delegated decision for detox placements', purpose: 'address_concern', lead: 'Commissioning manager', organisation: 'Northmoor Council (demo)', due: -120, status: 'done', priority: 0, statement: concerns[0] },
    { description: 'Publish the eligibility criteria and share them with every community keyworker', purpose: 'address_concern', lead: 'Service manager', organisation: 'Northmoor Community Recovery Service (demo)', due: -30, status: 'in_progress', priority: 2, statement: concerns[1] },
    { description: 'Add an aftercare and housing plan to the pre-admission checklist', purpose: 'address_concern', lead: 'Housing pathway lead', organisation: 'Northmoor Housing Trust (demo)', due: -10, status: 'blocked', priority: 1, statement: concerns[2] },
    { description: 'Run a training session for keyworkers on when to raise residential treatment', purpose: 'address_concern', lead: 'Training coordinator', organisation: 'Northmoor Community Recovery Service (demo)', due: 45, status: 'not_started', priority: 2, statement: concerns[3] },
    { description: 'Keep the quarterly contract review with the preferred residential providers', purpose: 'maintain_strength', lead: 'Commissioning manager', organisation: 'Northmoor Council (demo)', due: 90, status: 'in_progress', priority: null, statement: strengths[0] },
    { description: 'Keep peer mentors in the preparation group', purpose: 'maintain_strength', lead: 'Peer mentor coordinator', organisation: 'Northmoor Recovery Voices (demo)', due: 120, status: 'in_progress', priority: 1, statement: strengths[1] },
  ];
  const actionIds: Array<{ id: string; status: ActionStatus }> = [];
  for (const action of actions) {
    const row = await trx
      .insertInto('actions')
      .values({
        partnership_id: partnershipId,
        round_id: completed.id,
        priority_id: action.priority === null ? null : (priorityIds[action.priority] ?? null),
        description: action.description,
        purpose: action.purpose,
        lead_person: action.lead,
        lead_organisation: action.organisation,
        due_on: isoDaysFrom(today, action.due),
        status: action.status,
        created_by: people.leadUserId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    actionIds.push({ id: row.id, status: action.status });
    if (action.statement) await trx.insertInto('action_statements').values({ action_id: row.id, statement_id: action.statement.id }).execute();
    if (action.status !== 'not_started') {
      await trx
        .insertInto('action_updates')
        .values({
          partnership_id: partnershipId,
          action_id: row.id,
          recorded_on: isoDaysFrom(today, -60),
          status: action.status,
          note: action.status === 'blocked' ? 'Waiting for the housing register changes to be agreed.' : 'Work under way; reported at the partnership board.',
          created_by: people.leadUserId,
        })
        .execute();
    }
  }

  const pastMeeting = await trx
    .insertInto('review_meetings')
    .values({
      partnership_id: partnershipId,
      round_id: completed.id,
      meets_on: isoDaysFrom(today, -60),
      attendees: 'Commissioning manager; community service manager; housing pathway lead; peer mentor coordinator',
      notes: 'Reviewed every action. The funding panel change is working; the housing plan action is blocked.',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('review_meeting_actions')
    .values(actionIds.map((action) => ({ meeting_id: pastMeeting.id, action_id: action.id, status_then: action.status })))
    .execute();
  await trx
    .insertInto('review_meetings')
    .values({ partnership_id: partnershipId, round_id: completed.id, meets_on: isoDaysFrom(today, 21), attendees: 'Partnership board members', notes: '' })
    .execute();

  const firstConcern = concerns[0];
  await trx
    .insertInto('peer_review_comments')
    .values([
      {
        partnership_id: partnershipId,
        round_id: completed.id,
        statement_id: firstConcern?.id ?? null,
        reviewer_user_id: people.peerReviewerUserId,
        comment: 'The evidence shows long waits for panel decisions. Consider a delegated route for urgent cases.',
        reply: 'Agreed: the weekly virtual panel is now in the action plan.',
        replied_by: people.leadUserId,
        replied_at: new Date(`${isoDaysFrom(today, -355)}T10:00:00Z`),
      },
      {
        partnership_id: partnershipId,
        round_id: completed.id,
        statement_id: null,
        reviewer_user_id: people.peerReviewerUserId,
        comment: 'A thorough assessment with a wide range of partners. Jobcentre Plus was missing; invite them next time.',
        reply: null,
        replied_by: null,
        replied_at: null,
      },
    ])
    .execute();
  await trx
    .insertInto('peer_review_decisions')
    .values({
      partnership_id: partnershipId,
      round_id: completed.id,
      reviewer_user_id: people.peerReviewerUserId,
      decision: 'signed_off',
      summary: 'The answers are supported by the evidence and the actions address the main concerns.',
    })
    .execute();

  const open = await trx
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnershipId,
      template_id: template.id,
      previous_round_id: completed.id,
      title: 'Residential pathway self-assessment (this year)',
      status: 'open',
      starts_on: isoDaysFrom(today, -14),
      responses_due_on: isoDaysFrom(today, 28),
      re_evaluate_on: isoDaysFrom(today, 380),
      created_by: people.leadUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('round_participants')
    .values(participantRows.map((row) => ({ ...row, partnership_id: partnershipId, round_id: open.id })))
    .execute();
  const housing = people.contributors[1];
  if (housing) {
    for (const statement of statements.slice(0, 12)) {
      await trx
        .insertInto('responses')
        .values({
          partnership_id: partnershipId,
          round_id: open.id,
          statement_id: statement.id,
          respondent_user_id: housing.userId,
          organisation: housing.organisation,
          rating: pickRating(random),
          evidence: '',
        })
        .execute();
    }
  }

  // Some evidence gathered so far on the first statement, one item of each kind (links go nowhere real).
  const evidenceStatement = statements[0];
  if (evidenceStatement) {
    const addedBy = housing?.userId ?? people.leadUserId;
    await trx
      .insertInto('statement_evidence')
      .values(
        [
          { kind: 'process' as const, title: 'Residential referral and funding panel protocol, version 3 (demo)', link: 'https://www.example.org/northmoor-demo/panel-protocol', created_by: people.leadUserId },
          { kind: 'numerical' as const, title: 'Quarterly referrals, funding decisions and starts as reported to the partnership board (demo)', link: null, created_by: people.leadUserId },
          {
            kind: 'lived_experience' as const,
            title: 'Preparation group feedback: visiting the house before admission made people more confident to go (demo)',
            link: null,
            created_by: addedBy,
          },
        ].map((item) => ({ ...item, partnership_id: partnershipId, round_id: open.id, statement_id: evidenceStatement.id })),
      )
      .execute();
  }
}

/**
 * A short mid-year check of the same statements, answered and agreed, now waiting for the peer
 * reviewer from Eastfield: what the demo peer reviewer's home page asks them to do. Its answers
 * start from last year's agreed ones. Run after seedDemoAssessments.
 */
export async function seedDemoPeerReviewRound(trx: Transaction<Database>, people: Pick<DemoPeople, 'partnershipId' | 'leadUserId'>, today: Date): Promise<void> {
  const { partnershipId } = people;
  const lastYear = await trx
    .selectFrom('assessment_rounds')
    .select(['id', 'template_id'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'signed_off')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!lastYear) return;
  const round = await trx
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnershipId,
      template_id: lastYear.template_id,
      previous_round_id: lastYear.id,
      title: 'Aftercare and housing mid-year check (demo)',
      status: 'peer_review',
      starts_on: isoDaysFrom(today, -60),
      responses_due_on: isoDaysFrom(today, -30),
      created_by: people.leadUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('agreed_answers')
    .columns(['partnership_id', 'round_id', 'statement_id', 'rating', 'judgement', 'rationale', 'updated_by', 'updated_at'])
    .expression((eb) =>
      eb
        .selectFrom('agreed_answers')
        .select((inner) => [
          inner.val(partnershipId).as('partnership_id'),
          inner.val(round.id).as('round_id'),
          'statement_id',
          'rating',
          'judgement',
          inner.val('Checked again at the mid-year partnership board.').as('rationale'),
          inner.val(people.leadUserId).as('updated_by'),
          inner.val(today).as('updated_at'),
        ])
        .where('partnership_id', '=', partnershipId)
        .where('round_id', '=', lastYear.id),
    )
    .execute();
}

/**
 * Two of last year's actions aim to move a figure: the funding panel (days to a funding
 * decision), whose target the live figure now meets, and the blocked aftercare checklist
 * (aftercare agreed before admission), which is off track. Run after the demo referrals, so
 * that the targets are set around the live figures. The baselines are fictional: each is the
 * live figure with its value moved to where it stood when the baseline was set.
 */
export async function seedDemoActionTargets(trx: Transaction<Database>, partnershipId: string, today: Date): Promise<void> {
  const plans: Array<{ description: string; measure: EvidenceMeasureKey; baselineDays: number; targetDays: number; baseline: (value: number) => number; target: (value: number) => number }> = [
    {
      description: 'Set up a weekly virtual funding panel with a delegated decision for detox placements',
      measure: 'days_to_funding_decision',
      baselineDays: -300,
      targetDays: 60,
      baseline: (value) => Math.round(value + 12),
      target: (value) => Math.round(value + 2),
    },
    {
      description: 'Add an aftercare and housing plan to the pre-admission checklist',
      measure: 'aftercare_before_admission',
      baselineDays: -200,
      targetDays: 30,
      baseline: (value) => Math.max(0, Math.round(value - 3)),
      target: (value) => Math.min(100, Math.round(value + 30)),
    },
  ];
  const figures = await evidenceFigures(trx, partnershipId, { keys: plans.map((plan) => plan.measure), endsOn: ukToday(today), now: today });
  for (const plan of plans) {
    const figure = figures.find((candidate) => candidate.measure === plan.measure);
    if (!figure || figure.value === null) continue;
    const baseline = plan.baseline(figure.value);
    const target = plan.target(figure.value);
    if (target === baseline) continue;
    const baselineOn = isoDaysFrom(today, plan.baselineDays);
    const then = evidencePeriod(baselineOn, baselineOn);
    await trx
      .updateTable('actions')
      .set({
        measure: plan.measure,
        baseline,
        baseline_on: baselineOn,
        baseline_figure: JSON.stringify({ ...figure, value: baseline, trend: [], from: then.from, to: then.to, calculatedAt: `${baselineOn}T09:00:00.000Z` }),
        target_value: target,
        target_on: isoDaysFrom(today, plan.targetDays),
      })
      .where('partnership_id', '=', partnershipId)
      .where('description', '=', plan.description)
      .execute();
  }
}

/**
 * Last year's signed-off round keeps the linked figures for its period, as a round agreed in the
 * service would, so its results can be compared with this year's. Run after the demo referrals.
 */
export async function seedDemoAgreedFigures(trx: Transaction<Database>, partnershipId: string, today: Date): Promise<void> {
  const rounds = await trx.selectFrom('assessment_rounds').select('id').where('partnership_id', '=', partnershipId).where('status', '=', 'signed_off').execute();
  for (const round of rounds) await recordAgreedFigures(trx, partnershipId, round.id, today);
}
