// Moved to the shared documents library (@yuqing/documents); kept here so reporting's documents and their specs read as before.
export { SIGN_OFF_BOX_MAX } from '@yuqing/documents';
export type { Block, Column, Field, ListItem, Outline } from '@yuqing/documents';
