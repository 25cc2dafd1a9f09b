import { inTransaction } from '../db/transaction.js';
import { enqueueNotification } from '../notifications/notifications.repository.js';
import type { ServiceDeps } from '../service-deps.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { lockUser, staffChatIds } from '../users/users.repository.js';
import { checkHelpLimit } from './help-limit.js';
import {
  countThreads,
  findOpenThreadOf,
  findThread,
  insertMessage,
  insertThread,
  listThreads,
  lockThread,
  openThreadIdOf,
  setThreadStatus,
  threadMessages,
} from './support.repository.js';
import { SUPPORT_TEXT_MAX, type SupportAuthor } from './support.schemas.js';

function checkedText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new ValidationError('The message is empty.');
  if (trimmed.length > SUPPORT_TEXT_MAX)
    throw new ValidationError(`The message is longer than ${SUPPORT_TEXT_MAX} characters.`, {
      max: SUPPORT_TEXT_MAX,
    });
  return trimmed;
}

export function createSupportService(deps: ServiceDeps) {
  const { db, clock, ownerId, staffIds } = deps;
  async function requireThread(id: number) {
    const thread = await findThread(db, id);
    if (!thread) throw new NotFoundError('support thread', id);
    return thread;
  }

  return {
    /**
     * A customer's Help message: it joins their open thread (or opens one) and the owner (the admins when no
     * OWNER_ID is set) is told, with the thread's number to reply to. Returns the thread's id.
     */
    async ask(from: SupportAuthor, text: string): Promise<number> {
      const body = checkedText(text);
      return inTransaction(db, async (trx) => {
        const now = clock.now();
        // Locks the customer's row: their messages are counted and threaded one after another.
        await checkHelpLimit(trx, deps, from.telegram_id, now);
        const open = await findOpenThreadOf(trx, from.telegram_id);
        const threadId = open?.id ?? (await insertThread(trx, from.telegram_id, now));
        await insertMessage(trx, threadId, 'customer', body, now);
        const recipients = ownerId ? [ownerId] : await staffChatIds(trx, staffIds);
        await enqueueNotification(trx, now, recipients, 'help_request', {
          from,
          text: body,
          thread_id: threadId,
        });
        return threadId;
      });
    },

    /** The staff's answer: kept in the thread and sent to the customer, who can answer through Help. */
    async reply(threadId: number, text: string): Promise<void> {
      const body = checkedText(text);
      await inTransaction(db, async (trx) => {
        const thread = await lockThread(trx, threadId);
        if (!thread) throw new NotFoundError('support thread', threadId);
        if (thread.status === 'closed')
          throw new ConflictError(
            `Support thread ${threadId} is closed; use "user message" to write to them.`,
          );
        const now = clock.now();
        await insertMessage(trx, threadId, 'staff', body, now);
        await enqueueNotification(trx, now, thread.user_id, 'staff_message', {
          text: body,
          thread_id: threadId,
        });
      });
    },

    /** Closes a thread; closing a closed one changes nothing. The customer's next message opens a new one. */
    async close(threadId: number): Promise<{ changed: boolean }> {
      return inTransaction(db, async (trx) => {
        const thread = await lockThread(trx, threadId);
        if (!thread) throw new NotFoundError('support thread', threadId);
        if (thread.status === 'closed') return { changed: false };
        await setThreadStatus(trx, threadId, 'closed', clock.now());
        return { changed: true };
      });
    },

    /**
     * The shop writing first: the message joins the customer's open thread (or opens one), so their answer lands
     * in the inbox. Returns the thread's id.
     */
    async message(userId: number, text: string): Promise<number> {
      const body = checkedText(text);
      return inTransaction(db, async (trx) => {
        if (!(await lockUser(trx, userId))) throw new NotFoundError('user', userId);
        const now = clock.now();
        const open = await findOpenThreadOf(trx, userId);
        const threadId = open?.id ?? (await insertThread(trx, userId, now));
        await insertMessage(trx, threadId, 'staff', body, now);
        await enqueueNotification(trx, now, userId, 'staff_message', { text: body, thread_id: threadId });
        return threadId;
      });
    },

    /** Whether the customer has a conversation with the shop going on (their stray texts belong to it). */
    async hasOpenThread(userId: number): Promise<boolean> {
      return (await openThreadIdOf(db, userId)) !== undefined;
    },

    async list(options: { open?: boolean; limit: number; offset: number }) {
      const [threads, total] = await Promise.all([listThreads(db, options), countThreads(db, options)]);
      return { threads: threads.map((t) => ({ ...t, messages: Number(t.messages) })), total };
    },

    async show(threadId: number) {
      const thread = await requireThread(threadId);
      return { ...thread, messages: await threadMessages(db, threadId) };
    },
  };
}

export type SupportService = ReturnType<typeof createSupportService>;
