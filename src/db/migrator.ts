import { readdir } from 'node:fs/promises';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Db } from './connection.js';

/**
 * migrations/ beside src/ (in the source tree and, compiled, beside dist/src/). The shopctl bundle in
 * dist/src/shopctl/ sits at the same depth, so the same relative path holds there.
 */
const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);

async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
}

const migrationName = (file: string) => file.replace(/\.(ts|js)$/, '');

class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of await migrationFiles()) {
      migrations[migrationName(file)] = (await import(new URL(file, MIGRATIONS_DIR).href)) as Migration;
    }
    return migrations;
  }
}

export function createMigrator(db: Db): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider() });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Whether every migration file has been applied, read straight from kysely's bookkeeping table: the common case
 * at start costs one query instead of loading every migration and taking the migration lock.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const names = new Set(applied.rows.map((r) => r.name));
    return (await migrationFiles()).every((file) => names.has(migrationName(file)));
  } catch (error) {
    if ((error as { errno?: number }).errno === 1146) return false; // no such table: a new database
    throw error;
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return appliedNames(results);
}

function appliedNames(results: MigrationResultSet['results']): string[] {
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface MigrationStatus {
  name: string;
  executedAt: Date | undefined;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus[]> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
