import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { notFound, recordId } from '../../../platform/web/errors.js';
import { formErrors, validateForm } from '../../../platform/web/forms.js';
import { ukToday } from '../../../platform/values/calendar.js';
import { conflictMessage } from '../../../platform/values/outcome.js';
import * as repository from '../../commissioning-repository.js';
import { endingSoonDays, filterContracts } from '../../commissioning-rules.js';
import { type CommissioningService, contractsWithFlags } from '../../commissioning-service.js';
import { contractDetails, contractFilterQuery, deleteForm, validateContract, validateContractEdit } from '../../forms/commissioning.js';
import {
  contractDeletePage,
  contractFilterOptions,
  contractFormValues,
  contractsWarning,
  endingSoonTag,
  paths,
  presentContract,
  requirementOptions,
  reviewOverdueTag,
  serviceOptions,
  typeOptions,
} from '../../view-models/commissioning.js';
import { access, leadOnly, readers, type Values, view } from './access.js';

export function contractRoutes(app: FastifyInstance, db: Kysely<Database>, service: CommissioningService, now: () => Date) {
  app.get(paths.contracts(), { preHandler: readers }, async (request, reply) => {
    const { partnershipId, canManage } = access(request);
    const today = ukToday(now());
    const contracts = await contractsWithFlags(db, partnershipId, today);
    const query = validateForm(contractFilterQuery, request.query);
    const filter = query.ok ? { type: query.data.type, endingSoon: query.data.ending, reviewOverdue: query.data.review } : {};
    const shown = filterContracts(contracts, filter, today);
    return reply.code(query.ok ? 200 : 400).render(view('contracts'), {
      pageTitle: 'Contracts',
      canManage,
      total: contracts.length,
      warning: contractsWarning(contracts),
      filtered: Boolean(filter.type || filter.endingSoon || filter.reviewOverdue),
      contracts: shown.map((contract) => presentContract(contract, today)),
      ...contractFilterOptions(query.values),
      reviewOverdueTag,
      endingSoonTag,
      endingSoonDays,
      ...(query.ok ? {} : { errors: query.errors }),
      paths,
    });
  });

  async function formContext() {
    return { choices: await repository.serviceChoices(db) };
  }

  function formPage(context: Awaited<ReturnType<typeof formContext>>, values: Values, extra: Values = {}) {
    return {
      values,
      serviceOptions: serviceOptions(context.choices, values.serviceId),
      typeOptions: typeOptions(values.contractType),
      requirementOptions: requirementOptions(values.requirements),
      reviewOverdueTag,
      endingSoonTag,
      paths,
      ...extra,
    };
  }

  app.get(paths.newContract(), { preHandler: leadOnly }, async (request, reply) => {
    access(request);
    const query = request.query as Values;
    const chosen = typeof query.service === 'string' ? query.service.toLowerCase() : '';
    return reply.render(view('contract-form'), formPage(await formContext(), { serviceId: chosen, requirements: [] }, { pageTitle: 'Add a contract' }));
  });

  app.post(paths.newContract(), { preHandler: leadOnly }, async (request, reply) => {
    const { partnershipId, actor } = access(request);
    const form = validateContract(request.body);
    const page = async (values: Values, errors: unknown) => formPage(await formContext(), values, { pageTitle: 'Add a contract', errors });
    if (!form.ok) return reply.code(400).render(view('contract-form'), await page(form.values, form.errors));
    const result = await service.createContract(partnershipId, actor, contractDetails(form.data));
    if (!result.ok) return reply.code(400).render(view('contract-form'), await page(form.values, formErrors([[result.field, result.problem]])));
    request.session.flash = 'The contract has been added.';
    return reply.redirect(paths.contract(result.contractId));
  });

  async function loadContract(request: FastifyRequest) {
    const context = access(request);
    const contractId = recordId((request.params as Values).contractId);
    const contract = await repository.findContract(db, context.partnershipId, contractId);
    if (!contract) throw notFound();
    return { ...context, contract };
  }

  app.get('/commissioning/contracts/:contractId', { preHandler: readers }, async (request, reply) => {
    const loaded = await loadContract(request);
    const contract = presentContract(loaded.contract, ukToday(now()));
    return reply.render(view('contract'), {
      pageTitle: `Contract with ${loaded.contract.service_name}`,
      contract,
      canManage: loaded.canManage,
      reviewOverdueTag,
      endingSoonTag,
      paths,
    });
  });

  app.get('/commissioning/contracts/:contractId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    return reply.render(view('contract-form'), formPage(await formContext(), contractFormValues(loaded.contract), { pageTitle: 'Change a contract', contract: loaded.contract }));
  });

  app.post('/commissioning/contracts/:contractId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    const context = await formContext();
    const page = (values: Values, extra: Values) => formPage(context, values, { pageTitle: 'Change a contract', contract: loaded.contract, ...extra });
    const form = validateContractEdit(request.body);
    if (!form.ok) return reply.code(400).render(view('contract-form'), page(form.values, { errors: form.errors }));
    const { version, ...data } = form.data;
    const result = await service.updateContract(loaded.partnershipId, loaded.actor, loaded.contract.id, version, contractDetails(data));
    if (!result.ok && result.problem === conflictMessage()) {
      const latest = await loadContract(request);
      return reply.code(409).render(
        view('contract-form'),
        page({ ...form.values, version: latest.contract.version }, { errors: formErrors([[result.field, result.problem]]), contract: latest.contract, saved: presentContract(latest.contract, ukToday(now())) }),
      );
    }
    if (!result.ok) return reply.code(400).render(view('contract-form'), page(form.values, { errors: formErrors([[result.field, result.problem]]) }));
    request.session.flash = 'The contract has been saved.';
    return reply.redirect(paths.contract(loaded.contract.id));
  });

  app.get('/commissioning/contracts/:contractId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    return reply.render(view('delete'), contractDeletePage(loaded.contract, loaded.contract.version));
  });

  app.post('/commissioning/contracts/:contractId/delete', { preHandler: leadOnly }, async (request, reply) => {
    const loaded = await loadContract(request);
    const form = validateForm(deleteForm, request.body);
    const result = form.ok ? await service.deleteContract(loaded.partnershipId, loaded.actor, loaded.contract.id, form.data.version) : { ok: false as const, problem: conflictMessage() };
    if (!result.ok) {
      const latest = await loadContract(request);
      return reply.code(409).render(view('delete'), contractDeletePage(latest.contract, latest.contract.version, { errors: formErrors([['delete', result.problem]]) }));
    }
    request.session.flash = `The contract with ${loaded.contract.service_name} has been deleted.`;
    return reply.redirect(paths.contracts());
  });
}
