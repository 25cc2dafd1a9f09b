import { randomInt } from 'node:crypto';
import type { ReferenceCode } from '../db/schema.js';
import { type Executor, inTransaction, isDuplicateKey } from '../db/transaction.js';
import type { ServiceDeps } from '../service-deps.js';
import { addHours } from '../shared/clock.js';
import { NotFoundError, RefCodeError, ValidationError } from '../shared/errors.js';
import { lockUsers } from '../users/users.repository.js';
import {
  countReferred,
  disableRefCode,
  findRefCode,
  insertRefCode,
  listRefCodes,
  lockRefCode,
  recordRefCodeUse,
} from './refcodes.repository.js';

/** No 0/O, 1/I: codes are read aloud and typed on phones. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

function randomCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export interface CreateRefCodeInput {
  creatorId?: number | null;
  /** 0 or undefined: never expires. */
  expiresHours?: number;
  /** 0 or undefined: unlimited. */
  maxUses?: number;
  note?: string | null;
}

export type RefCodeState = 'active' | 'expired' | 'disabled' | 'used_up';

export interface RefCodeView extends ReferenceCode {
  state: RefCodeState;
}

export function refCodeState(code: ReferenceCode, now: Date): RefCodeState {
  if (code.disabled_at) return 'disabled';
  if (code.expires_at && code.expires_at <= now) return 'expired';
  if (code.max_uses > 0 && code.uses_count >= code.max_uses) return 'used_up';
  return 'active';
}

/**
 * Redeems a code for a new user inside the caller's transaction (the user row must exist already). The code's
 * row is locked, so concurrent redeemers queue and max_uses can never be exceeded. Returns the referrer.
 */
export async function redeemCode(
  trx: Executor,
  rawCode: string,
  userId: number,
  now: Date,
): Promise<number | null> {
  const code = await lockRefCode(trx, normaliseCode(rawCode));
  if (!code) throw new RefCodeError('not_found');
  if (code.creator_id === userId) throw new RefCodeError('own_code');
  const state = refCodeState(code, now);
  if (state !== 'active') throw new RefCodeError(state);
  await recordRefCodeUse(trx, code.id, userId, now);
  return code.creator_id;
}

/** The customer-code limit: at most `limit` of a customer's own codes active at once. */
function mayCreateMore(own: readonly ReferenceCode[], limit: number, now: Date): boolean {
  return own.filter((code) => refCodeState(code, now) === 'active').length < limit;
}

export function createRefCodeService({ db, clock, settings }: ServiceDeps) {
  async function find(code: string, executor: Executor = db): Promise<ReferenceCode> {
    const row = await findRefCode(executor, normaliseCode(code));
    if (!row) throw new NotFoundError('reference code', normaliseCode(code));
    return row;
  }

  const service = {
    async create(input: CreateRefCodeInput = {}, executor: Executor = db): Promise<RefCodeView> {
      const { expiresHours = 0, maxUses = 0 } = input;
      if (!Number.isInteger(expiresHours) || expiresHours < 0) {
        throw new ValidationError('Expiry must be a whole number of hours (0 for never).');
      }
      if (!Number.isInteger(maxUses) || maxUses < 0) {
        throw new ValidationError('Max uses must be a whole number (0 for unlimited).');
      }
      const now = clock.now();
      for (let attempt = 0; ; attempt++) {
        const code = randomCode();
        try {
          await insertRefCode(executor, {
            code,
            creator_id: input.creatorId ?? null,
            max_uses: maxUses,
            expires_at: expiresHours > 0 ? addHours(now, expiresHours) : null,
            note: input.note?.trim() || null,
            created_at: now,
          });
          return { ...(await find(code, executor)), state: 'active' };
        } catch (error) {
          if (!isDuplicateKey(error) || attempt >= 5) throw error;
        }
      }
    },

    /** Disables a code; disabling a disabled code changes nothing. */
    async disable(code: string, reason?: string | null): Promise<RefCodeView> {
      const row = await find(code);
      if (!row.disabled_at) {
        await disableRefCode(db, row.id, clock.now(), reason?.trim() || null);
      }
      const updated = await find(code);
      return { ...updated, state: refCodeState(updated, clock.now()) };
    },

    async list(options: { activeOnly?: boolean; creatorId?: number } = {}): Promise<RefCodeView[]> {
      const now = clock.now();
      const rows = (await listRefCodes(db, options.creatorId)).map((row) => ({
        ...row,
        state: refCodeState(row, now),
      }));
      return options.activeOnly ? rows.filter((r) => r.state === 'active') : rows;
    },

    /** A customer's own codes, newest first, with the owner's limit and whether they may create another. */
    async customerCodes(
      userId: number,
    ): Promise<{ codes: RefCodeView[]; limit: number; canCreate: boolean }> {
      const [codes, limit] = await Promise.all([
        service.list({ creatorId: userId }),
        settings.get('customer_refcode_limit'),
      ]);
      return { codes, limit, canCreate: mayCreateMore(codes, limit, clock.now()) };
    },

    /**
     * A customer creates a code of their own, within the limits the owner set. The customer's row is locked so
     * two taps at once cannot pass the limit together.
     */
    async createForCustomer(userId: number): Promise<RefCodeView> {
      return inTransaction(db, async (trx) => {
        await lockUsers(trx, [userId]);
        const limits = await settings.all(trx);
        const now = clock.now();
        const own = await listRefCodes(trx, userId);
        if (!mayCreateMore(own, limits.customer_refcode_limit, now)) {
          throw new ValidationError(
            `You can have at most ${limits.customer_refcode_limit} active reference codes.`,
            { limit: limits.customer_refcode_limit },
          );
        }
        return service.create({ creatorId: userId, maxUses: limits.customer_refcode_max_uses }, trx);
      });
    },

    /** How many people joined with codes this user created. */
    referredCount: (userId: number) => countReferred(db, userId),
  };
  return service;
}

export type RefCodeService = ReturnType<typeof createRefCodeService>;
