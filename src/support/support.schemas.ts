/** Long enough for any real question, short enough that the rendered message stays under Telegram's 4,096. */
export const SUPPORT_TEXT_MAX = 3000;

/** Who wrote to the shop, as the staff's notification names them. */
export interface SupportAuthor {
  telegram_id: number;
  username: string | null;
  name: string;
}
