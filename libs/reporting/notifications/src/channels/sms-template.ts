import { z } from 'zod';

// SMS in China goes out on templates registered with the carrier gateway (短信模板); the platform fills the
// `${name}` placeholders. Rendering here too lets the gateway take either the template id and parameters or
// the finished text, and lets a missing variable fail before anything is sent.

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]{0,39})\}/g;

export const smsTemplateSchema = z.object({
  /** The template's id at the gateway, e.g. `SMS_123456789`. */
  templateId: z.string().min(1).max(100),
  /** The template text with `${name}` placeholders, e.g. `【舆情监测】${incident}的快报将于${dueAt}到期`. */
  text: z.string().min(1).max(500),
});
export type SmsTemplate = z.infer<typeof smsTemplateSchema>;

/** Names of the placeholders a template uses, in order of first appearance. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** The template with its placeholders filled; `missing` lists the placeholders that had no value. */
export function renderTemplate(
  text: string,
  vars: Readonly<Record<string, string>>,
): { readonly text: string; readonly missing: string[] } {
  const missing = templateVariables(text).filter((name) => !Object.prototype.hasOwnProperty.call(vars, name));
  const rendered = text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? vars[name]! : whole,
  );
  return { text: rendered, missing };
}
