import { bad, choiceKey, good, orList, quoted, type Read } from '../../platform/tabular/cells.js';

export interface ServiceChoice {
  id: string;
  name: string;
  providerName: string;
  weeklyCostPence: number | null;
}

/** The directory's services, found by name (and by provider when 2 share a name). */
export class ServiceFinder {
  private byName = new Map<string, ServiceChoice[]>();

  constructor(services: readonly ServiceChoice[]) {
    for (const service of services) {
      const key = choiceKey(service.name);
      const list = this.byName.get(key) ?? [];
      list.push(service);
      this.byName.set(key, list);
    }
  }

  find(serviceName: string, providerName: string): Read<ServiceChoice> {
    const found = this.byName.get(choiceKey(serviceName)) ?? [];
    if (found.length === 0) return bad(`there is no service called ${quoted(serviceName)} in the directory. Use the name the directory gives it`);
    if (providerName) {
      const ofProvider = found.filter((service) => choiceKey(service.providerName) === choiceKey(providerName));
      if (ofProvider.length === 1) return good(ofProvider[0] as ServiceChoice);
      return bad(`${providerName} has no service called ${quoted(serviceName)} in the directory`);
    }
    if (found.length > 1) {
      return bad(`${found.length} services in the directory are called ${quoted(serviceName)}. Add a Provider column naming ${orList(found.map((service) => service.providerName))}`);
    }
    return good(found[0] as ServiceChoice);
  }
}
