/** The longest staff note on an order (the column's size). */
export const ORDER_NOTE_MAX = 2000;
