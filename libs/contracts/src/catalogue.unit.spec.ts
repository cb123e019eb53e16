import { z } from 'zod';
import { commandCatalogue, createCatalogue, eventCatalogue } from './catalogue';
import { defineEvent } from './define';
import { eventExamples } from './events/event-examples.fixtures';
import { GradeConfirmed } from './events/grading.events';
import { eventsTopic } from './topics';

// The starting catalogue of CONVENTIONS.md ("Events"); extending it is fine, losing one is not.
const STARTING_CATALOGUE = {
  ingestion: [
    'SourceRegistered',
    'MonitoringRuleDefined',
    'ItemCaptured',
    'ItemRejected',
    'DuplicateItemSeen',
    'IncidentDetected',
    'ItemAttachedToIncident',
    'IncidentHeatChanged',
    'ItemVerified',
    'ItemDismissed',
    'ItemTransferredIn',
  ],
  grading: [
    'GradeProposed',
    'GradeConfirmed',
    'GradeOverridden',
    'GradeEscalated',
    'GradeDowngraded',
    'IncidentCategorised',
    'AssessmentConvened',
    'AssessmentConcluded',
    'HandlingPlanAdopted',
    'SpecialTeamFormed',
    'EmergencyPlanActivated',
  ],
  reporting: [
    'ReportingObligationOpened',
    'ReportReminderDue',
    'FlashReportSent',
    'BulletinSubmitted',
    'BulletinSignedOff',
    'BulletinLeftUnsigned',
    'FollowUpTaskOpened',
    'DirectHandlingAssigned',
    'HandlingResultReported',
    'ReportForwarded',
    'ReportReceiptAcknowledged',
    'ReportOverdue',
    'NotificationAttempted',
    'NotificationDelivered',
    'NotificationFailed',
  ],
};

const CJK = /[\u4e00-\u9fff]/;
/** A past-tense word, or a state word the domain uses as one (`ReportOverdue`, `ReportReminderDue`). */
const PAST_TENSE_WORD = /^(?:[A-Z][a-z]+(?:ed|dden|tten|ken|ven|wn)|Seen|Sent|Left|Split|Due|Overdue)$/;

describe('event catalogue', () => {
  const events = eventCatalogue.all;

  it('holds the whole starting catalogue, each at v1', () => {
    for (const [context, names] of Object.entries(STARTING_CATALOGUE)) {
      for (const name of names) {
        expect(eventCatalogue.find(`${context}.${name}`, 1)).toMatchObject({
          context,
          name,
          schemaVersion: 1,
        });
      }
    }
  });

  it('has each type at most once per version', () => {
    const keys = events.map((e) => `${e.type}@${e.schemaVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names events in PascalCase, in the past tense', () => {
    for (const event of events) {
      expect(event.name).toMatch(/^(?:[A-Z][a-z0-9]+)+$/);
      const words = event.name.match(/[A-Z][a-z0-9]*/g) ?? [];
      expect({ name: event.name, pastTense: words.some((w) => PAST_TENSE_WORD.test(w)) }).toEqual({
        name: event.name,
        pastTense: true,
      });
    }
  });

  it('describes every event in English with its Chinese term', () => {
    for (const event of events) {
      expect(event.description.trim()).not.toBe('');
      expect({ type: event.type, hasChineseTerm: CJK.test(event.description) }).toEqual({
        type: event.type,
        hasChineseTerm: true,
      });
    }
  });

  it("publishes every event on its context's topic, under a type that starts with the context", () => {
    for (const event of events) {
      expect(event.topic).toBe(eventsTopic(event.context));
      expect(event.type).toBe(`${event.context}.${event.name}`);
    }
  });

  it('looks a definition up by type and version', () => {
    expect(eventCatalogue.get('grading.GradeConfirmed', 1)).toBe(GradeConfirmed);
    expect(eventCatalogue.find('grading.GradeConfirmed', 2)).toBeUndefined();
    expect(eventCatalogue.find('grading.NoSuchThing', 1)).toBeUndefined();
    expect(() => eventCatalogue.get('grading.GradeConfirmed', 9)).toThrow(
      'no contract grading.GradeConfirmed v9',
    );
    expect(eventCatalogue.versionsOf('grading.GradeConfirmed')).toEqual([GradeConfirmed]);
  });

  it('refuses two definitions of the same type and version', () => {
    const twice = () =>
      defineEvent({
        context: 'grading',
        name: 'GradeConfirmed',
        version: 1,
        description: 'again',
        data: z.object({}),
      });
    expect(() => createCatalogue([twice(), twice()])).toThrow('grading.GradeConfirmed v1 is defined twice');
  });
});

describe('command catalogue', () => {
  it('holds imperative, described, strict commands, once per version', () => {
    const commands = commandCatalogue.all;
    expect(commands.map((c) => c.type)).toEqual(
      expect.arrayContaining(['ingestion.CaptureItem', 'grading.ConfirmGrade', 'reporting.SignOffBulletin']),
    );
    expect(new Set(commands.map((c) => `${c.type}@${c.schemaVersion}`)).size).toBe(commands.length);
    for (const command of commands) {
      expect(CJK.test(command.description)).toBe(true);
      // Strict: a command with an unknown field is refused rather than half-understood.
      expect(command.safeParse({ unexpected: true }).success).toBe(false);
      expect(z.toJSONSchema(command.schema, { io: 'input' })).toMatchObject({ additionalProperties: false });
    }
  });
});

describe('event examples', () => {
  it('has a realistic payload for every event, which its contract accepts unchanged through JSON', () => {
    for (const event of eventCatalogue.all) {
      const example: unknown = eventExamples[event.type];
      const result = event.safeParse(JSON.parse(JSON.stringify(example)));
      expect({ type: event.type, issues: result.success ? [] : result.error.issues }).toEqual({
        type: event.type,
        issues: [],
      });
      if (result.success) expect(result.data).toEqual(example);
    }
  });
});
