import { excel } from '../../platform/tabular/excel.js';
import { ratingTags } from '../labels.js';
import {
  boldRow,
  type CellValue,
  cellText,
  excelDate,
  excelDateTime,
  excelDateFormat,
  newSheet,
  safeSheetName,
  type TableColumn,
  writeTable,
} from '../../platform/tabular/xlsx-write.js';
import type { ReportAction, RoundReport } from './report-data.js';

/**
 * Builds a round's spreadsheet from the plain report model (report-data.ts). No database and no
 * web framework here, so the file can be built and read back in a unit test.
 */

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

// The workbook --------------------------------------------------------------------------------

export interface WorkbookOptions {
  /** When the file was made; stored in the file's properties. */
  createdAt: Date;
}

/** The round as an xlsx file. */
export async function buildWorkbook(report: RoundReport, options: WorkbookOptions): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'Residential Pathways';
  workbook.title = `${report.round.title} – ${report.partnership.name}`;
  workbook.subject = 'Residential treatment pathway self-assessment';
  workbook.created = options.createdAt;
  workbook.modified = options.createdAt;

  const used = new Set<string>();
  const summaryName = safeSheetName('Summary', used);
  const fixedNames = { actions: 'Action plan', partners: 'Partners', peerReview: 'Peer review' };
  for (const name of Object.values(fixedNames)) used.add(name.toLowerCase());
  const themeSheetNames = report.themes.map((theme, index) => safeSheetName(theme.title, used, `Theme ${index + 1}`));

  // Summary ---------------------------------------------------------------------------------
  const summary = newSheet(workbook, summaryName);
  const decision = report.peerReview.latestDecision;
  const details: CellValue[][] = [
    ['Partnership', report.partnership.name],
    ['Region', report.partnership.region],
    ['Round', report.round.title],
    ['Status', report.round.statusTag.text],
    ['Start date', excelDate(report.round.starts_on)],
    ['Responses due', excelDate(report.round.responses_due_on)],
    ['Re-evaluation date', excelDate(report.round.re_evaluate_on) ?? 'Not set'],
    ['Question bank', report.template.title],
    ['Question bank key', report.template.key],
    ['Question bank version', report.template.version],
    ['Statements', report.totals.statements],
    ['Statements with an agreed answer', report.totals.agreed],
    ['Strengths', report.totals.strengths],
    ['Concerns', report.totals.concerns],
    ['Actions', report.actionCount],
    ['Overdue actions', report.overdueCount],
    ['Next review meeting', excelDate(report.nextMeetingOn) ?? 'None scheduled'],
    ['Peer review outcome', decision ? `${decision.decisionTag.text} by ${decision.reviewerName}` : 'No decision yet'],
    [
      'Partners’ individual answers',
      report.individualAnswers === 'everyone' ? 'Every partner’s ratings and evidence are included' : 'Only your own ratings and evidence are included',
    ],
    ['Produced on', excelDate(report.generatedOn)],
  ];
  let next = writeTable(summary, 1, [{ header: 'Detail', width: 34 }, { header: 'Value', width: 48 }], []);
  details.forEach((values, index) => {
    const row = summary.getRow(next + index);
    row.getCell(1).value = values[0] as string;
    row.getCell(1).font = { bold: true };
    const value = values[1] ?? null;
    row.getCell(2).value = typeof value === 'string' ? cellText(value) : value;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    if (value instanceof Date) row.getCell(2).numFmt = excelDateFormat;
  });
  next += details.length + 1;

  const themeColumns: TableColumn[] = [
    { header: 'Theme', width: 34 },
    { header: 'Sheet', width: 24 },
    { header: 'Statements', width: 12, kind: 'number' },
    { header: 'Agreed', width: 10, kind: 'number' },
    { header: ratingTags.in_place.text, width: 10, kind: 'number' },
    { header: ratingTags.partly.text, width: 10, kind: 'number' },
    { header: ratingTags.not_in_place.text, width: 10, kind: 'number' },
    { header: ratingTags.dont_know.text, width: 10, kind: 'number' },
    { header: ratingTags.not_applicable.text, width: 12, kind: 'number' },
    { header: 'Strengths', width: 11, kind: 'number' },
    { header: 'Concerns', width: 11, kind: 'number' },
    { header: 'Not agreed yet', width: 12, kind: 'number' },
  ];
  const themeRows: CellValue[][] = report.themes.map((theme, index) => [
    theme.title,
    themeSheetNames[index] ?? '',
    theme.statements.length,
    theme.statements.length - theme.summary.notAgreed,
    theme.summary.counts.in_place,
    theme.summary.counts.partly,
    theme.summary.counts.not_in_place,
    theme.summary.counts.dont_know,
    theme.summary.counts.not_applicable,
    theme.summary.strengths,
    theme.summary.concerns,
    theme.summary.notAgreed,
  ]);
  const sum = (column: number) => themeRows.reduce((total, row) => total + Number(row[column] ?? 0), 0);
  themeRows.push(['All themes', '', ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(sum)]);
  const afterThemes = writeTable(summary, next, themeColumns, themeRows);
  boldRow(summary, afterThemes - 1);

  // One sheet per theme -------------------------------------------------------------------------
  report.themes.forEach((theme, index) => {
    const sheet = newSheet(workbook, themeSheetNames[index] as string, { rows: 1, columns: 1 });
    const columns: TableColumn[] = [
      { header: 'Key', width: 10 },
      { header: 'Statement', width: 60 },
      ...report.respondents.flatMap((respondent): TableColumn[] => [
        { header: `${respondent.label}: rating`, width: 18 },
        { header: `${respondent.label}: evidence`, width: 40 },
      ]),
      { header: 'Agreed rating', width: 16 },
      { header: 'Strength or concern', width: 14 },
      { header: 'Reason', width: 50 },
      { header: 'Figures when agreed', width: 60 },
      { header: 'Rating the figures suggested', width: 18 },
      { header: 'Why the agreed rating differs', width: 50 },
    ];
    const rows: CellValue[][] = theme.statements.map((statement) => [
      statement.key,
      statement.text,
      ...statement.answers.flatMap((answer): CellValue[] => (answer ? [answer.ratingText, answer.evidence] : ['', ''])),
      statement.agreed?.ratingTag.text ?? 'Not agreed yet',
      statement.agreed?.judgementTag.text ?? '',
      statement.agreed?.rationale ?? '',
      statement.agreed?.figures.join('\n') ?? '',
      statement.agreed?.suggestedText ?? '',
      statement.agreed?.differsReason ?? '',
    ]);
    writeTable(sheet, 1, columns, rows);
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  });

  // Action plan -------------------------------------------------------------------------------
  const plan = newSheet(workbook, fixedNames.actions);
  const actionRow = (priority: { rank: number | null; title: string }, action: ReportAction | null): CellValue[] => [
    priority.rank,
    priority.title,
    action ? action.description : 'No actions yet',
    action?.purposeText ?? '',
    action ? action.statementKeys.join(', ') : '',
    action?.leadPerson ?? '',
    action?.leadOrganisation ?? '',
    action ? excelDate(action.dueOn) : null,
    action?.statusTag.text ?? '',
    action ? yesNo(action.overdue) : '',
    action?.latestUpdate ? excelDate(action.latestUpdate.recordedOn) : null,
    action?.latestUpdate ? `${action.latestUpdate.statusText}: ${action.latestUpdate.note}` : '',
    action?.target?.measureLabel ?? '',
    action?.target?.baselineText ?? '',
    action?.target?.currentText ?? '',
    action?.target?.targetText ?? '',
    action?.target ? excelDate(action.target.targetOn) : null,
    action?.target ? `${action.target.progressTag.text}: ${action.target.progress.sentence}` : '',
  ];
  const planRows: CellValue[][] = [
    ...report.priorities.flatMap((priority) =>
      priority.actions.length ? priority.actions.map((action) => actionRow(priority, action)) : [actionRow(priority, null)],
    ),
    ...report.otherActions.map((action) => actionRow({ rank: null, title: 'Not linked to a priority' }, action)),
  ];
  const planColumns: TableColumn[] = [
    { header: 'Priority rank', width: 10, kind: 'number' },
    { header: 'Priority', width: 30 },
    { header: 'Action', width: 50 },
    { header: 'Purpose', width: 20 },
    { header: 'Linked statements', width: 18 },
    { header: 'Lead person', width: 22 },
    { header: 'Lead organisation', width: 26 },
    { header: 'Due date', width: 14, kind: 'date' },
    { header: 'Status', width: 14 },
    { header: 'Overdue', width: 10 },
    { header: 'Latest update on', width: 14, kind: 'date' },
    { header: 'Latest update', width: 50 },
    { header: 'Measure to move', width: 30 },
    { header: 'Baseline', width: 14 },
    { header: 'Figure now', width: 14 },
    { header: 'Target', width: 14 },
    { header: 'Target date', width: 14, kind: 'date' },
    { header: 'Progress to target', width: 60 },
  ];
  writeTable(plan, 1, planColumns, planRows.length ? planRows : [[null, 'No priorities or actions yet']]);
  if (planRows.length) plan.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: planColumns.length } };

  // Partners ------------------------------------------------------------------------------------
  const partners = newSheet(workbook, fixedNames.partners);
  const participantRows: CellValue[][] = report.partners.participants.map((participant) => [
    participant.name,
    participant.organisation,
    participant.partnerTypeLabel,
    yesNo(participant.hasAuthority),
    yesNo(participant.knowsPathway),
  ]);
  next = writeTable(
    partners,
    1,
    [
      { header: 'Name', width: 28 },
      { header: 'Organisation', width: 34 },
      { header: 'Type of partner', width: 40 },
      { header: 'Can make decisions to change the system', width: 18 },
      { header: 'Knows the pathway in detail', width: 16 },
    ],
    participantRows.length ? participantRows : [['No one is listed as taking part yet']],
  );
  next += 1;
  const coverage = report.partners.coverage;
  partners.getCell(next, 1).value =
    coverage.missingRequired.length === 0
      ? 'Every expected type of partner is taking part.'
      : `Expected types of partner missing: ${coverage.missingRequired.length} (${coverage.missingRequired.map((row) => row.label).join('; ')})`;
  partners.getCell(next, 1).font = { bold: true };
  next += 2;
  writeTable(
    partners,
    next,
    [
      { header: 'Type of partner', width: 44 },
      { header: 'Expected', width: 12 },
      { header: 'Number taking part', width: 12, kind: 'number' },
      { header: 'Status', width: 14 },
    ],
    coverage.rows.map((row) => [row.label, row.required ? 'Expected' : 'Optional', row.count, row.represented ? 'Taking part' : 'Missing']),
  );

  // Peer review -------------------------------------------------------------------------------
  const peer = newSheet(workbook, fixedNames.peerReview);
  const commentRows: CellValue[][] = report.peerReview.comments.map((comment) => [
    excelDateTime(comment.createdAt),
    comment.reviewerName,
    comment.statementKey ?? 'Whole round',
    comment.statementText ?? '',
    comment.comment,
    comment.reply ?? '',
    comment.repliedByName ?? '',
    excelDateTime(comment.repliedAt),
  ]);
  next = writeTable(
    peer,
    1,
    [
      { header: 'Commented on', width: 18, kind: 'dateTime' },
      { header: 'Reviewer', width: 24 },
      { header: 'Statement', width: 12 },
      { header: 'Statement text', width: 40 },
      { header: 'Comment', width: 50 },
      { header: 'Reply', width: 50 },
      { header: 'Replied by', width: 24 },
      { header: 'Replied on', width: 18, kind: 'dateTime' },
    ],
    commentRows.length ? commentRows : [[null, 'No comments yet']],
  );
  next += 1;
  peer.getCell(next, 1).value = 'Decisions';
  peer.getCell(next, 1).font = { bold: true, size: 13 };
  writeTable(
    peer,
    next + 1,
    [
      { header: 'Decided on', width: 18, kind: 'dateTime' },
      { header: 'Reviewer', width: 24 },
      { header: 'Decision', width: 20 },
      { header: 'Summary', width: 60 },
    ],
    report.peerReview.decisions.length
      ? report.peerReview.decisions.map((item) => [excelDateTime(item.decidedAt), item.reviewerName, item.decisionTag.text, item.summary])
      : [[null, 'No decision yet']],
  );

  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as ArrayBuffer);
}
