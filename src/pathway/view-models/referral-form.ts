import { datePartsOf } from '../../platform/web/fields.js';
import { checkboxItems, radioItems } from '../../platform/web/choice-items.js';
import { ageBandLabels, complexityLabels, ethnicityLabels, identifiedViaLabels, sexLabels, substanceLabels, yesNoLabels } from '../labels.js';
import { pathwayPaths as paths } from '../paths.js';
import * as repository from '../repository.js';
import { underEighteen } from '../rules/referral-details.js';

/** The form for a referral's own details, used to start a record and to change it. */

type Values = Record<string, unknown>;

export function detailFormPage(values: Values, extra: Values = {}) {
  return {
    values,
    identifiedViaItems: radioItems(identifiedViaLabels, values.identifiedVia),
    ageBandItems: [...radioItems(ageBandLabels, values.ageBand), { divider: 'or' }, { value: underEighteen, text: 'Under 18', checked: values.ageBand === underEighteen }],
    sexItems: radioItems(sexLabels, values.sex),
    ethnicityItems: radioItems(ethnicityLabels, values.ethnicityGroup),
    disabilityItems: radioItems(yesNoLabels, values.disability, ['yes', 'no', 'not_stated']),
    pregnantItems: radioItems(yesNoLabels, values.pregnant, ['yes', 'no', 'not_applicable', 'not_stated']),
    parentalItems: radioItems(yesNoLabels, values.parentalResponsibility, ['yes', 'no', 'not_stated']),
    substanceItems: radioItems(substanceLabels, values.mainSubstance),
    complexityItems: checkboxItems(complexityLabels, values.complexity),
    eligibilityInformationItems: radioItems({ yes: 'Yes', no: 'No' }, values.eligibilityInformationGiven),
    paths,
    ...extra,
  };
}

/** The stored details as the form's values, with the version the change is made against. */
export function storedDetails(referral: repository.Referral): Values {
  const details = repository.detailsOf(referral);
  return {
    ...details,
    identifiedOn: datePartsOf(details.identifiedOn),
    eligibilityInformationGiven: details.eligibilityInformationGiven ? 'yes' : 'no',
    version: referral.version,
  };
}
