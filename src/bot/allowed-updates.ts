/**
 * The update kinds the bot handles, asked of Telegram by polling and by every webhook registration (the bot's own
 * at start and `shopctl webhook set`), so none of them silently drops a kind the bot handles.
 */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
