import type { AgreedRatingCount } from '../../assessment/index.js';
import { ratingCells } from '../league-rules.js';
import type { RegionalTable } from './tables.js';

/** The regional picture of the self-assessment: one table per theme of each question bank the sharing areas used. */
export interface SelfAssessmentSection {
  templateTitle: string;
  themes: RegionalTable[];
}

export function selfAssessmentSections(counts: readonly AgreedRatingCount[]): SelfAssessmentSection[] {
  const sections: SelfAssessmentSection[] = [];
  const byTemplate = new Map<string, { title: string; themes: Map<string, AgreedRatingCount[]> }>();
  for (const count of counts) {
    const template = byTemplate.get(count.templateId) ?? { title: `${count.templateTitle} (version ${count.templateVersion})`, themes: new Map() };
    byTemplate.set(count.templateId, template);
    template.themes.set(count.themeTitle, [...(template.themes.get(count.themeTitle) ?? []), count]);
  }
  let index = 0;
  for (const template of byTemplate.values()) {
    sections.push({
      templateTitle: template.title,
      themes: [...template.themes].map(([theme, statements]) => {
        index += 1;
        return {
          key: `theme-${index}`,
          caption: theme,
          head: ['Statement', 'Areas that agreed an answer', 'In place', 'Partly in place', 'Not in place', 'Don’t know or not applicable'],
          rows: statements.map((statement) => {
            const cells = ratingCells(statement);
            return [statement.statementText, cells.areas, cells.inPlace, cells.partly, cells.notInPlace, cells.other];
          }),
          numeric: [false, true, true, true, true, true],
        };
      }),
    });
  }
  return sections;
}

/** Every theme's table, in page order, for the download. */
export function selfAssessmentTable(sections: readonly SelfAssessmentSection[]): RegionalTable {
  const themes = sections.flatMap((section) => section.themes.map((theme) => ({ section, theme })));
  return {
    key: 'self-assessment',
    caption: 'The self-assessment across sharing areas: how many rate each statement in place, partly or not in place',
    head: ['Question bank', 'Theme', ...(themes[0]?.theme.head ?? [])],
    rows: themes.flatMap(({ section, theme }) => theme.rows.map((row) => [section.templateTitle, theme.caption, ...row])),
    numeric: [],
  };
}
