import { type Executor, writeStatement } from '../db/transaction.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { deleteSetting, storedSettings, storeSetting } from './settings.repository.js';
import {
  isSettingKey,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
  settingDefinitions,
} from './settings.schemas.js';

export interface SettingEntry {
  key: SettingKey;
  value: Settings[SettingKey];
  isDefault: boolean;
  description: string;
}

export function createSettingsService(db: Executor, currency: string, clock: Clock = systemClock) {
  const definitions = settingDefinitions(currency);

  function parse<K extends SettingKey>(key: K, raw: string): Settings[K] {
    const result = definitions[key].parse.safeParse(raw);
    if (!result.success) {
      throw new ValidationError(`Setting ${key} ${result.error.issues[0]?.message ?? 'is invalid'}.`, {
        key,
      });
    }
    return result.data as Settings[K];
  }

  function requireKey(key: string): SettingKey {
    if (!isSettingKey(key)) throw new NotFoundError('setting', key);
    return key;
  }

  /** All settings, stored values over defaults. Stored values that no longer parse fall back to the default. */
  async function all(executor: Executor = db): Promise<Settings> {
    return valuesFrom(await storedSettings(executor));
  }

  function valuesFrom(rows: { key: string; value: string }[]): Settings {
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const values = {} as Record<SettingKey, unknown>;
    for (const key of SETTING_KEYS) {
      const raw = stored.get(key);
      const parsed = raw === undefined ? undefined : definitions[key].parse.safeParse(raw);
      values[key] = parsed?.success ? parsed.data : definitions[key].default;
    }
    return values as Settings;
  }

  return {
    all,

    async get<K extends SettingKey>(key: K, executor: Executor = db): Promise<Settings[K]> {
      return (await all(executor))[key];
    },

    async list(): Promise<SettingEntry[]> {
      // One read: the values and their "default" marks come from the same rows.
      const rows = await storedSettings(db);
      const values = valuesFrom(rows);
      const stored = new Set(rows.map((r) => r.key));
      return SETTING_KEYS.map((key) => ({
        key,
        value: values[key],
        isDefault: !stored.has(key),
        description: definitions[key].description,
      }));
    },

    /** Validates `raw` for the key and stores it; returns the typed value. */
    async set(key: string, raw: string): Promise<Settings[SettingKey]> {
      const settingKey = requireKey(key);
      const value = parse(settingKey, raw);
      // The text that parsed is what is stored: it parses to the same value when read back.
      const text = raw.trim();
      if (value === null) {
        await writeStatement(db, () => deleteSetting(db, settingKey));
      } else {
        await writeStatement(db, () => storeSetting(db, settingKey, text, clock.now()));
      }
      return value;
    },

    requireKey,
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
