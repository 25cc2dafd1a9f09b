import { DomainError } from '../shared/errors.js';

export interface PhotoUpload {
  botToken: string;
  telegramApiRoot: string;
  chatId: number;
  bytes: Uint8Array;
  filename: string;
  caption: string;
}

/**
 * Sends a photo to a chat through the Bot API (sendPhoto, multipart) and returns the file_id Telegram gives it,
 * the largest size: the bot shows the photo by that id from then on, without uploading it again.
 */
export async function uploadPhoto(upload: PhotoUpload): Promise<string> {
  const form = new FormData();
  form.set('chat_id', String(upload.chatId));
  form.set('caption', upload.caption);
  form.set('photo', new Blob([upload.bytes]), upload.filename);
  let body: { ok?: boolean; description?: string; result?: { photo?: { file_id?: unknown }[] } };
  try {
    const response = await fetch(`${upload.telegramApiRoot}/bot${upload.botToken}/sendPhoto`, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(60_000),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new DomainError('telegram', `Telegram could not be reached: ${(error as Error).message}.`);
  }
  if (!body.ok)
    throw new DomainError(
      'telegram',
      `Telegram refused the photo: ${body.description ?? 'no reason given'}.`,
    );
  const fileId = body.result?.photo?.at(-1)?.file_id;
  if (typeof fileId !== 'string' || !fileId)
    throw new DomainError('telegram', 'Telegram sent back no photo.');
  return fileId;
}
