import { DomainError, ValidationError } from '../shared/errors.js';

interface PhotoUpload {
  botToken: string;
  telegramApiRoot: string;
  chatId: number;
  bytes: Uint8Array;
  filename: string;
  caption: string;
}

/** Where the shop uploads its photos (product photos, broadcast photos). */
export interface PhotoUploadTarget {
  botToken: string | undefined;
  telegramApiRoot: string;
  /** The chat the photo is uploaded through (the owner's, else the first admin's): Telegram needs one. */
  uploadChatId: number | undefined;
}

/** Telegram's limit for a photo sent by a bot. */
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** JPEG, PNG and WebP, told by their first bytes: what Telegram takes as a photo. */
function isPhoto(bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes[0] === 0x89 && ascii(1, 4) === 'PNG';
  const webp = ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
  return jpeg || png || webp;
}

/**
 * Checks that a file is a photo Telegram takes, uploads it once through the staff chat and returns its file id,
 * by which the bot sends it from then on.
 */
export async function uploadCheckedPhoto(
  target: PhotoUploadTarget,
  photo: { bytes: Uint8Array; filename: string },
  caption: string,
): Promise<string> {
  if (photo.bytes.length > PHOTO_MAX_BYTES) throw new ValidationError('The photo is larger than 10 MB.');
  if (!isPhoto(photo.bytes)) throw new ValidationError('The file is not a JPEG, PNG or WebP image.');
  if (!target.botToken) throw new DomainError('no_bot', 'BOT_TOKEN is not set: photos are kept on Telegram.');
  if (target.uploadChatId === undefined)
    throw new DomainError('no_owner', 'Set OWNER_ID: the photo is uploaded through the owner’s chat.');
  return uploadPhoto({
    botToken: target.botToken,
    telegramApiRoot: target.telegramApiRoot,
    chatId: target.uploadChatId,
    ...photo,
    caption: caption.slice(0, 1024),
  });
}

/**
 * Sends a photo to a chat through the Bot API (sendPhoto, multipart) and returns the file_id Telegram gives it,
 * the largest size: the bot shows the photo by that id from then on, without uploading it again.
 */
async function uploadPhoto(upload: PhotoUpload): Promise<string> {
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
