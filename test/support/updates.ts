import type { CallbackQuery, Message, Update, User } from 'grammy/types';

/** Builders for the updates Telegram would send: private-chat messages and button presses. */

let updateId = 100_000;
let messageId = 1;
let callbackId = 1;
const now = () => Math.floor(Date.now() / 1000);

export function tgUser(id: number, extra: Partial<User> = {}): User {
  return { id, is_bot: false, first_name: `Customer${id}`, language_code: 'en', ...extra };
}

/** Any incoming private message: pass `{ text }`, `{ sticker }`, `{ photo }`, `{ contact }`... */
export function messageUpdate(from: User, content: Partial<Message>): Update {
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: now(),
      chat: { id: from.id, type: 'private', first_name: from.first_name },
      from,
      ...content,
    } as Update['message'],
  };
}

/** A text message; "/command ..." gets its bot_command entity, as Telegram would add. */
export function textUpdate(from: User, text: string): Update {
  const command = /^\/\w+(@\w+)?/.exec(text);
  return messageUpdate(from, {
    text,
    ...(command && { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }),
  });
}

export const stickerContent = (): Partial<Message> =>
  ({
    sticker: {
      file_id: 'sticker-1',
      file_unique_id: 'u1',
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
    },
  }) as Partial<Message>;

export const photoContent = (): Partial<Message> => ({
  photo: [{ file_id: 'photo-1', file_unique_id: 'p1', width: 90, height: 90 }],
});

export const contactContent = (phone: string, userId: number): Partial<Message> => ({
  contact: { phone_number: phone, first_name: 'Me', user_id: userId },
});

/** A button press on `message` (the bot's message the keyboard belongs to). */
export function callbackUpdate(from: User, data: string, message?: Message): Update {
  const query: CallbackQuery = {
    id: String(callbackId++),
    from,
    chat_instance: `ci-${from.id}`,
    data,
    ...(message && { message }),
  } as CallbackQuery;
  return { update_id: updateId++, callback_query: query };
}

export function groupTextUpdate(from: User, text: string): Update {
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: now(),
      chat: { id: -100123, type: 'group', title: 'Some group' },
      from,
      text,
    } as Update['message'],
  };
}
